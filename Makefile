# Ticket Desk. Every target first runs scripts/setup.sh, which installs what the machine lacks.
PORT ?= 8080
export PATH := $(HOME)/.cargo/bin:$(PATH)
GATEWAY := target/release/ticket-gateway

.PHONY: setup build app gateway demo test lint test-host test-wasm test-e2e bench clean

setup:
	@scripts/setup.sh

build: setup app gateway

app:
	scripts/wasm.sh trunk build --release

gateway:
	cargo build --release -p ticket-gateway

demo: build
	@echo "Ticket Desk (demo vendors): http://127.0.0.1:$(PORT)/"
	PORT=$(PORT) $(GATEWAY) --demo --dist dist

# Every layer; the first failure stops the run with a non-zero status.
test: build lint test-host test-wasm test-e2e

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	# The lazily loaded pages (src/pages.rs `lazy`) exist only with the feature Trunk builds use.
	cargo clippy -p ticket-desk --all-targets --features split -- -D warnings

test-host:
	cargo test --workspace --exclude e2e

test-wasm:
	scripts/wasm.sh cargo test -p ticket-desk --target wasm32-unknown-unknown --tests

test-e2e:
	cargo test -p e2e -- --test-threads=1

# Figures, not part of `test`: the first visit against the hand-written floor (bench/floor/).
bench: build
	cargo run --release -p e2e --bin bench_first_visit

clean:
	rm -rf dist target
