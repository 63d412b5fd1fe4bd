# Multi-stage build of the `iro` binary: compile with the full toolchain, run on a slim image.
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src

# Dependencies first, in their own layer: it is rebuilt only when a manifest or the lock file
# changes, not on every source change. Stub targets stand in for the workspace's own code.
COPY Cargo.toml Cargo.lock ./
# Build settings (the bundled SQLite's compile flags), so the dependency layer is built with them.
COPY .cargo .cargo
COPY domain/Cargo.toml domain/
COPY persistence/Cargo.toml persistence/
COPY api/Cargo.toml api/
COPY tests/Cargo.toml tests/
RUN mkdir -p domain/src persistence/src api/src tests/src/bin tests/tests/api \
    && for crate in domain persistence api tests; do echo '' > "$crate/src/lib.rs"; done \
    && echo 'fn main() {}' > api/src/main.rs \
    && echo 'fn main() {}' > tests/src/bin/bench.rs \
    && echo '' > tests/tests/api/main.rs \
    && cargo build --release --locked -p iro-api --bin iro \
    && rm -rf domain/src persistence/src api/src tests/src tests/tests

# Then the code itself; `--locked` builds exactly the versions CI tested.
COPY . .
RUN touch domain/src/lib.rs persistence/src/lib.rs api/src/lib.rs api/src/main.rs \
    && cargo build --release --locked -p iro-api --bin iro

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /var/lib/iro --create-home iro
COPY --from=build /src/target/release/iro /usr/local/bin/iro
USER iro
WORKDIR /var/lib/iro
ENV IRO_BIND=0.0.0.0:8080 \
    IRO_DATA_DIR=/var/lib/iro \
    RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD curl -fs http://127.0.0.1:8080/health/ready || exit 1
ENTRYPOINT ["iro"]
CMD ["serve"]
