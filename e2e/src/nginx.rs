//! Debian's nginx (`apt-get install nginx`, as scripts/setup.sh does) serving the release build
//! under `/desk/` with the config the README shows (`docs/nginx-desk.conf`), in front of a demo
//! gateway. Started in the foreground as one process on a free loopback port, everything it
//! writes (pid, logs, temp files) in a scratch folder; no system service is involved.

use crate::{free_port, repo_root, wait_for_port, Guard, TempDir};
use std::path::Path;
use std::process::{Command, Stdio};

/// Where docs/nginx-desk.conf expects the built files and the gateway; replaced for the test.
const CONF_DIST: &str = "/srv/ticket-desk/";
const CONF_GATEWAY: &str = "http://127.0.0.1:8080";

/// One nginx process, stopped when dropped.
pub struct Nginx {
    /// `http://127.0.0.1:<port>`, without a trailing slash.
    pub origin: String,
    _process: Guard,
    _dir: TempDir,
}

impl Nginx {
    /// Serves `dist` at `/desk/` and passes `/proxy/` to `gateway` (`http://127.0.0.1:<port>`).
    pub fn serve_desk(dist: &Path, gateway: &str) -> Nginx {
        let binary = std::env::var("NGINX").unwrap_or_else(|_| "/usr/sbin/nginx".into());
        assert!(
            Path::new(&binary).exists(),
            "{binary} is missing: run scripts/setup.sh (it installs Debian's nginx)"
        );
        let snippet = std::fs::read_to_string(repo_root().join("docs/nginx-desk.conf")).unwrap();
        assert!(
            snippet.contains(CONF_DIST) && snippet.contains(CONF_GATEWAY),
            "docs/nginx-desk.conf names {CONF_DIST} and {CONF_GATEWAY}"
        );
        let dist = std::fs::canonicalize(dist).unwrap();
        let snippet = snippet
            .replace(CONF_DIST, &format!("{}/", dist.display()))
            .replace(CONF_GATEWAY, gateway);

        let dir = TempDir::new("nginx");
        let port = free_port();
        let scratch = dir.0.display();
        let conf = format!(
            "daemon off;\nmaster_process off;\npid {scratch}/nginx.pid;\n\
             error_log {scratch}/error.log warn;\nevents {{ worker_connections 256; }}\n\
             http {{\n\
             include /etc/nginx/mime.types;\ndefault_type application/octet-stream;\n\
             access_log {scratch}/access.log;\n\
             client_body_temp_path {scratch}/client_body;\nproxy_temp_path {scratch}/proxy;\n\
             fastcgi_temp_path {scratch}/fastcgi;\nuwsgi_temp_path {scratch}/uwsgi;\n\
             scgi_temp_path {scratch}/scgi;\n\
             server {{\nlisten 127.0.0.1:{port};\n{snippet}}}\n}}\n"
        );
        let conf_path = dir.0.join("nginx.conf");
        std::fs::write(&conf_path, conf).unwrap();
        // Guarded from the start: a start-up that times out must not leave nginx running.
        let mut process = Guard::new(
            Command::new(&binary)
                .arg("-c")
                .arg(&conf_path)
                .arg("-p")
                .arg(&dir.0)
                // Where it logs before it has read the config (else /var/log/nginx).
                .arg("-e")
                .arg(dir.0.join("error.log"))
                .stdout(Stdio::null())
                .spawn()
                .expect("start nginx"),
        );
        wait_for_port(port, "nginx", &mut process.0);
        Nginx {
            origin: format!("http://127.0.0.1:{port}"),
            _process: process,
            _dir: dir,
        }
    }
}
