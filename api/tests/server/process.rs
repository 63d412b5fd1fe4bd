//! A running `iro serve`: its address, its log lines (standard error, read as they come), its
//! memory, and signals sent to it.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The password of the `admin` the server creates on first start.
pub const ADMIN_PASSWORD: &str = "admin password for process tests";

/// `iro serve` on a temporary office, stopped (SIGKILL) when dropped if still running.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    log: Arc<Mutex<Vec<String>>>,
    office: Option<TempDir>,
}

impl Server {
    /// Starts `iro serve` with `env` on top of a clean `IRO_*` environment, and waits until
    /// it has logged its port.
    pub fn start(env: &[(&str, &str)]) -> Server {
        let office = tempfile::tempdir().expect("temporary folder");
        let database = office.path().join("iro.db");
        let mut server = Server::start_on(&database.to_string_lossy(), office.path(), env);
        server.office = Some(office);
        server
    }

    /// Starts `iro serve` on `database_url` with its local state in `data_dir`, both kept
    /// when the server stops, so that a second server can start where the first one died.
    pub fn start_on(database_url: &str, data_dir: &std::path::Path, env: &[(&str, &str)]) -> Server {
        let mut command = Command::new(env!("CARGO_BIN_EXE_iro"));
        for (name, _) in std::env::vars_os() {
            if name.to_string_lossy().starts_with("IRO_") {
                command.env_remove(name);
            }
        }
        command
            .env("IRO_DATABASE_URL", database_url)
            .env("IRO_DATA_DIR", data_dir)
            .env("IRO_BIND", "127.0.0.1:0")
            .env("IRO_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .arg("serve")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = command.spawn().expect("iro starts");
        let stderr = child.stderr.take().expect("stderr is piped");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (port_tx, port_rx) = std::sync::mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(port) = line.split("(port ").nth(1).and_then(|rest| rest.split(')').next()) {
                    let _ = port_tx.send(port.to_owned());
                }
                lines.lock().expect("log lock").push(line);
            }
        });
        let port = port_rx.recv_timeout(Duration::from_secs(120)).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("iro serve logged no port; its log:\n{}", log.lock().expect("log lock").join("\n"))
        });
        Server { child, address: format!("http://127.0.0.1:{port}"), log, office: None }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends a signal by name (`TERM`, `INT`) with `kill`, as an orchestrator would.
    pub fn signal(&self, name: &str) {
        let status =
            Command::new("kill").arg(format!("-{name}")).arg(self.pid().to_string()).status().expect("kill runs");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Kills the process at once (SIGKILL), as a crash or an OOM killer would, and reaps it.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL sent");
        self.child.wait().expect("the killed process is reaped");
    }

    /// Waits for the process to end; fails the test when it is still running after `within`.
    pub fn wait_exit(&mut self, within: Duration) -> ExitStatus {
        let deadline = Instant::now() + within;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "iro still runs {within:?} later; its log:\n{}", self.log().join("\n"));
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The log lines so far.
    pub fn log(&self) -> Vec<String> {
        self.log.lock().expect("log lock").clone()
    }

    /// A `/proc/<pid>/status` value in KiB, e.g. `VmHWM` (the peak resident memory so far).
    pub fn memory_kib(&self, field: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).expect("/proc status");
        status
            .lines()
            .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or_else(|| panic!("no {field} in /proc/{}/status", self.pid()))
    }

    /// A client for this server.
    pub fn client() -> reqwest::Client {
        reqwest::Client::builder().timeout(Duration::from_secs(60)).build().expect("client")
    }
}

impl Server {
    /// An access token of the admin.
    pub async fn admin_token(&self, client: &reqwest::Client) -> String {
        let response = client
            .post(format!("{}/api/v1/auth/token", self.address))
            .form(&[("grant_type", "password"), ("username", "admin"), ("password", ADMIN_PASSWORD)])
            .send()
            .await
            .expect("sign-in sent");
        assert_eq!(response.status(), 200, "the admin's sign-in failed");
        let body: serde_json::Value = response.json().await.expect("token JSON");
        body["access_token"].as_str().expect("access_token").to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
