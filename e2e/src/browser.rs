//! One headless Chromium session through chromedriver, with the few things
//! the checks need on top of the WebDriver commands (`webdriver`): scripts
//! that return JSON, polling, the browser's console log, and Chrome
//! DevTools commands.
//!
//! Console log: with the capability `goog:loggingPrefs: {browser: "ALL"}`,
//! chromedriver 156 answers `POST /session/{id}/se/log {"type":"browser"}`
//! (and the same at the old `…/log` path, even in W3C mode) with the
//! entries logged since the previous read — reading empties the buffer.
//! Each entry has `level`, `source` and `message`: `console-api` for
//! `console.*` (`console.error` is SEVERE, `console.warn` WARNING),
//! `javascript` for uncaught exceptions ("… Uncaught ReferenceError: …",
//! SEVERE) and `network` for failed loads ("… Failed to load resource: the
//! server responded with a status of 404", SEVERE). That covers what a
//! `window.onerror` hook would, and more, so none is injected.

use crate::webdriver::Session;
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// One browser log entry, with the page it was read on.
#[derive(Debug, Clone)]
pub struct LogEntry {
    pub page: String,
    pub level: String,
    /// `console-api`, `javascript` or `network`.
    pub source: String,
    pub message: String,
}

/// A browser session. Call [`Browser::close`] at the end; if it is dropped
/// instead, the chromedriver guard still ends the browser.
#[derive(Debug)]
pub struct Browser {
    client: Session,
    logs: Mutex<Vec<LogEntry>>,
}

impl Browser {
    /// Start a headless browser through the chromedriver at `webdriver`.
    /// `profile` is a fresh, empty folder for the browser's profile.
    pub async fn start(webdriver: &str, chrome: Option<&Path>, profile: &Path) -> Result<Self> {
        let args = vec![
            "--headless=new".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--window-size=1280,900".into(),
            "--lang=en-US".into(),
            format!("--user-data-dir={}", profile.display()),
        ];
        let mut options = json!({ "args": args });
        if let Some(chrome) = chrome {
            options["binary"] = json!(chrome);
        }
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": options,
            "goog:loggingPrefs": { "browser": "ALL" },
            "pageLoadStrategy": "normal",
            "timeouts": { "script": 30_000, "pageLoad": 30_000, "implicit": 0 },
        });
        let client = Session::start(webdriver, caps)
            .await
            .context("starting a browser session through chromedriver")?;
        Ok(Self {
            client,
            logs: Mutex::new(Vec::new()),
        })
    }

    /// The browser's version, as the session reported it (`browserVersion`).
    pub fn version(&self) -> String {
        self.client.capabilities()["browserVersion"]
            .as_str()
            .unwrap_or("unknown")
            .to_string()
    }

    /// The WebDriver session, for what this type does not wrap.
    pub fn client(&self) -> &Session {
        &self.client
    }

    /// Navigate to `url` (and wait for its load event). The console entries
    /// of the page before are collected first, so each is tagged with its page.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.collect_logs().await?;
        self.client
            .goto(url)
            .await
            .with_context(|| format!("opening {url}"))?;
        Ok(())
    }

    /// Reload the current page (collecting its console entries first).
    pub async fn reload(&self) -> Result<()> {
        self.collect_logs().await?;
        self.client.refresh().await.context("reloading")?;
        Ok(())
    }

    /// Run `body` as a function body with `args` (`arguments[i]`); its
    /// `return` value comes back as JSON.
    pub async fn js(&self, body: &str, args: Vec<Value>) -> Result<Value> {
        self.client
            .execute(body, args)
            .await
            .context("script failed")
    }

    /// Poll `expr` (a JS expression) until it is truthy; its value is returned.
    pub async fn wait_for(&self, expr: &str, limit: Duration) -> Result<Value> {
        let start = Instant::now();
        let body = format!("return ({expr});");
        loop {
            let v = self.js(&body, vec![]).await?;
            let truthy = match &v {
                Value::Null | Value::Bool(false) => false,
                Value::Number(n) => n.as_f64() != Some(0.0),
                Value::String(s) => !s.is_empty(),
                _ => true,
            };
            if truthy {
                return Ok(v);
            }
            if start.elapsed() > limit {
                bail!("waited {limit:?} for `{expr}`");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Read the console entries logged since the last read into the store.
    pub async fn collect_logs(&self) -> Result<()> {
        let page = self.client.current_path().await.unwrap_or_default();
        let reply = self
            .client
            .command("se/log", json!({ "type": "browser" }))
            .await
            .context("reading the browser log (POST /session/{id}/se/log)")?;
        let entries = reply.as_array().cloned().unwrap_or_default();
        let mut logs = self.logs.lock().map_err(|_| anyhow::anyhow!("log lock"))?;
        for e in entries {
            logs.push(LogEntry {
                page: page.clone(),
                level: e["level"].as_str().unwrap_or("?").to_string(),
                source: e["source"].as_str().unwrap_or("?").to_string(),
                message: e["message"].as_str().unwrap_or("").to_string(),
            });
        }
        Ok(())
    }

    /// Every console entry collected so far.
    pub async fn logs(&self) -> Result<Vec<LogEntry>> {
        self.collect_logs().await?;
        let logs = self.logs.lock().map_err(|_| anyhow::anyhow!("log lock"))?;
        Ok(logs.clone())
    }

    /// Move every console entry `other` (another session) collected into
    /// this session's store, so that one read sees both.
    pub async fn take_logs(&self, other: &Browser) -> Result<()> {
        other.collect_logs().await?;
        let taken =
            std::mem::take(&mut *other.logs.lock().map_err(|_| anyhow::anyhow!("log lock"))?);
        self.logs
            .lock()
            .map_err(|_| anyhow::anyhow!("log lock"))?
            .extend(taken);
        Ok(())
    }

    /// Send a Chrome DevTools Protocol command through chromedriver.
    pub async fn cdp(&self, cmd: &'static str, params: Value) -> Result<Value> {
        self.client
            .command("goog/cdp/execute", json!({ "cmd": cmd, "params": params }))
            .await
            .with_context(|| format!("CDP {cmd}"))
    }

    /// End the session; chromedriver then quits the browser.
    pub async fn close(self) -> Result<()> {
        self.client.close().await.context("closing the session")?;
        Ok(())
    }
}
