//! The simulator's knobs, from the environment of `ticket-gateway --demo`.

use std::time::Duration;

/// Every N-th ZStack CreateTicket answers 202 + an API job (1: all, 0: none; default 2).
pub const ENV_ASYNC_EVERY: &str = "TICKET_DESK_DEMO_ZSTACK_ASYNC_EVERY";
/// Lifetime of a ZStack demo session in seconds (default 7200).
pub const ENV_SESSION_SECS: &str = "TICKET_DESK_DEMO_ZSTACK_SESSION_SECS";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SimOptions {
    pub async_every: u32,
    pub session_lifetime: Duration,
}

impl Default for SimOptions {
    fn default() -> Self {
        Self {
            async_every: super::DEFAULT_ASYNC_EVERY,
            session_lifetime: super::DEFAULT_SESSION_LIFETIME,
        }
    }
}

impl SimOptions {
    /// The defaults, overridden by [`ENV_ASYNC_EVERY`] and [`ENV_SESSION_SECS`].
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        let number = |name: &str| -> Result<Option<u64>, String> {
            env(name)
                .map(|text| {
                    text.trim()
                        .parse::<u64>()
                        .map_err(|_| format!("{name}={text:?} is not a whole number >= 0"))
                })
                .transpose()
        };
        let mut options = Self::default();
        if let Some(every) = number(ENV_ASYNC_EVERY)? {
            options.async_every = u32::try_from(every)
                .map_err(|_| format!("{ENV_ASYNC_EVERY}={every} is too large"))?;
        }
        match number(ENV_SESSION_SECS)? {
            Some(0) => return Err(format!("{ENV_SESSION_SECS} must be at least 1")),
            Some(secs) => options.session_lifetime = Duration::from_secs(secs),
            None => {}
        }
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_the_environment() {
        let none = |_: &str| None;
        assert_eq!(SimOptions::from_env(&none).unwrap(), SimOptions::default());
        let env = |name: &str| match name {
            ENV_ASYNC_EVERY => Some("0".to_string()),
            ENV_SESSION_SECS => Some("5".to_string()),
            _ => None,
        };
        let options = SimOptions::from_env(&env).unwrap();
        assert_eq!(options.async_every, 0);
        assert_eq!(options.session_lifetime, Duration::from_secs(5));
        let bad = |name: &str| (name == ENV_ASYNC_EVERY).then(|| "half".to_string());
        assert!(SimOptions::from_env(&bad)
            .unwrap_err()
            .contains(ENV_ASYNC_EVERY));
        let zero = |name: &str| (name == ENV_SESSION_SECS).then(|| "0".to_string());
        assert!(SimOptions::from_env(&zero).is_err());
    }
}
