//! The WebDriver commands the checks send (W3C WebDriver, plus two of
//! chromedriver's own), as JSON over plain HTTP to chromedriver on loopback.
//!
//! A command is one HTTP request: `POST`, `GET` or `DELETE` on
//! `/session/{id}/…`, a JSON body, and a JSON answer whose `value` is the
//! result or, with a 4xx or 5xx status, `{error, message}`. The requests go
//! through ureq (blocking, without TLS) on tokio's blocking threads, so that
//! the three sessions' commands still run side by side. Every request is
//! bounded by [`REQUEST_LIMIT`], above the session's own limits on scripts
//! and page loads.

use anyhow::{Context, Result, anyhow, bail};
use base64::Engine;
use serde::{Serialize, Serializer};
use serde_json::{Value, json};
use std::time::Duration;

/// The longest any one command may take: chromedriver ends a script or a
/// page load after its session's limits (30 s, `browser.rs`) and answers
/// with an error well before this.
pub const REQUEST_LIMIT: Duration = Duration::from_secs(120);

/// The largest answer read (a screenshot, or a page's measurements).
const ANSWER_LIMIT: u64 = 256 * 1024 * 1024;

/// The key under which W3C WebDriver passes an element reference.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The HTTP method of a command.
#[derive(Debug, Clone, Copy)]
enum Method {
    Get,
    Post,
    Delete,
}

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// Where commands go: chromedriver's address, and the session once there is one.
#[derive(Debug, Clone)]
struct Wire {
    agent: ureq::Agent,
    /// `http://127.0.0.1:PORT/session/ID/`, or without the session part
    /// before the session exists.
    base: String,
}

impl Wire {
    async fn send(&self, method: Method, path: &str, body: Option<Value>) -> Result<Value> {
        let agent = self.agent.clone();
        let url = format!("{}{path}", self.base);
        let what = format!("{} {url}", method.name());
        tokio::task::spawn_blocking(move || request(&agent, method, &url, body))
            .await
            .context("the WebDriver request's thread")?
            .with_context(|| format!("WebDriver {what}"))
    }
}

/// One request and its answer's `value`.
fn request(agent: &ureq::Agent, method: Method, url: &str, body: Option<Value>) -> Result<Value> {
    let mut answer = match method {
        Method::Get => agent.get(url).call(),
        Method::Delete => agent.delete(url).call(),
        Method::Post => agent
            .post(url)
            .content_type("application/json")
            .send(body.unwrap_or_else(|| json!({})).to_string()),
    }?;
    let status = answer.status();
    let text = answer
        .body_mut()
        .with_config()
        .limit(ANSWER_LIMIT)
        .read_to_string()?;
    let mut parsed: Value = serde_json::from_str(&text)
        .with_context(|| format!("HTTP {status}: an answer that is not JSON: {text:.200}"))?;
    let value = parsed["value"].take();
    if status.is_success() {
        Ok(value)
    } else {
        Err(anyhow!("HTTP {status}: {}", error_text(&value)))
    }
}

/// A WebDriver error's value in one line: the message's first line
/// (chromedriver appends its own version and a stack), which names the
/// kind of error unless it is empty.
fn error_text(value: &Value) -> String {
    let error = value["error"].as_str().unwrap_or("unknown error");
    match value["message"].as_str().unwrap_or("").lines().next() {
        Some(m) if m.starts_with(error) => m.to_string(),
        Some(m) if !m.is_empty() => format!("{error}: {m}"),
        _ => error.to_string(),
    }
}

/// The path of a page's URL (`/gather.html` of `http://127.0.0.1:1234/gather.html?x#y`).
fn url_path(url: &str) -> &str {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme
        .find('/')
        .map_or("/", |slash| &after_scheme[slash..]);
    let end = path.find(['?', '#']).unwrap_or(path.len());
    &path[..end]
}

/// A browser session.
#[derive(Debug)]
pub struct Session {
    wire: Wire,
    capabilities: Value,
}

impl Session {
    /// Start a session at the WebDriver server `server`
    /// (`http://127.0.0.1:PORT/`) with these capabilities.
    pub async fn start(server: &str, capabilities: Value) -> Result<Self> {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(REQUEST_LIMIT))
            .build()
            .into();
        let wire = Wire {
            agent,
            base: server.to_string(),
        };
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        let mut started = wire.send(Method::Post, "session", Some(body)).await?;
        let Some(id) = started["sessionId"].as_str() else {
            bail!("the new session has no sessionId: {started}");
        };
        let base = format!("{server}session/{id}/");
        Ok(Self {
            wire: Wire { base, ..wire },
            capabilities: started["capabilities"].take(),
        })
    }

    /// What the browser said it is (`browserVersion`, …).
    pub fn capabilities(&self) -> &Value {
        &self.capabilities
    }

    /// Any command of this session, at `path` below `/session/{id}/`.
    pub async fn command(&self, path: &str, body: Value) -> Result<Value> {
        self.wire.send(Method::Post, path, Some(body)).await
    }

    /// Open `url` and wait for its load event.
    pub async fn goto(&self, url: &str) -> Result<()> {
        self.command("url", json!({ "url": url })).await?;
        Ok(())
    }

    pub async fn refresh(&self) -> Result<()> {
        self.command("refresh", json!({})).await?;
        Ok(())
    }

    /// The path of the open page's URL.
    pub async fn current_path(&self) -> Result<String> {
        let url = self.wire.send(Method::Get, "url", None).await?;
        Ok(url_path(url.as_str().unwrap_or_default()).to_string())
    }

    /// Run `script` as a function body with `args` (`arguments[i]`).
    pub async fn execute(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.command("execute/sync", json!({ "script": script, "args": args }))
            .await
    }

    /// Run `script` with a callback as its last argument; the value it is
    /// called with comes back.
    pub async fn execute_async(&self, script: &str, args: Vec<Value>) -> Result<Value> {
        self.command("execute/async", json!({ "script": script, "args": args }))
            .await
    }

    /// The first element that matches the CSS selector.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let found = self.command("element", locator(css)).await?;
        Element::from_reference(self.wire.clone(), &found)
    }

    /// Press and release one key, as the keyboard would.
    pub async fn press_key(&self, key: char) -> Result<()> {
        let keys = json!({ "actions": [{
            "type": "key",
            "id": "keyboard",
            "actions": [
                { "type": "keyDown", "value": key.to_string() },
                { "type": "keyUp", "value": key.to_string() },
            ],
        }]});
        self.command("actions", keys).await?;
        Ok(())
    }

    pub async fn set_window_size(&self, width: u32, height: u32) -> Result<()> {
        self.command("window/rect", json!({ "width": width, "height": height }))
            .await?;
        Ok(())
    }

    /// The viewport as a PNG.
    pub async fn screenshot(&self) -> Result<Vec<u8>> {
        let png = self.wire.send(Method::Get, "screenshot", None).await?;
        base64::engine::general_purpose::STANDARD
            .decode(png.as_str().unwrap_or_default())
            .context("decoding the screenshot")
    }

    /// End the session (`DELETE /session/{id}`, no trailing slash);
    /// chromedriver quits its browser.
    pub async fn close(self) -> Result<()> {
        let session = Wire {
            base: self.wire.base.trim_end_matches('/').to_string(),
            ..self.wire
        };
        session.send(Method::Delete, "", None).await?;
        Ok(())
    }
}

fn locator(css: &str) -> Value {
    json!({ "using": "css selector", "value": css })
}

/// An element of the open page. As a script argument (`serde_json::to_value`)
/// it is the element itself.
#[derive(Debug, Clone)]
pub struct Element {
    wire: Wire,
    id: String,
}

impl Element {
    fn from_reference(wire: Wire, reference: &Value) -> Result<Self> {
        let Some(id) = reference[ELEMENT_KEY].as_str() else {
            bail!("not an element reference: {reference}");
        };
        Ok(Self {
            wire,
            id: id.to_string(),
        })
    }

    async fn command(&self, method: Method, what: &str, body: Option<Value>) -> Result<Value> {
        let path = format!("element/{}/{what}", self.id);
        self.wire.send(method, &path, body).await
    }

    /// The first element inside this one that matches the CSS selector.
    pub async fn find(&self, css: &str) -> Result<Element> {
        let found = self
            .command(Method::Post, "element", Some(locator(css)))
            .await?;
        Element::from_reference(self.wire.clone(), &found)
    }

    pub async fn click(&self) -> Result<()> {
        self.command(Method::Post, "click", None).await?;
        Ok(())
    }

    /// WebDriver's own "is displayed" (chromedriver's atom).
    pub async fn is_displayed(&self) -> Result<bool> {
        let shown = self.command(Method::Get, "displayed", None).await?;
        shown
            .as_bool()
            .ok_or_else(|| anyhow!("\"displayed\" answered {shown}"))
    }

    /// Type `text` into the element.
    pub async fn send_keys(&self, text: &str) -> Result<()> {
        self.command(Method::Post, "value", Some(json!({ "text": text })))
            .await?;
        Ok(())
    }
}

impl Serialize for Element {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        json!({ ELEMENT_KEY: self.id }).serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_of_a_url() {
        assert_eq!(url_path("http://127.0.0.1:41/gather.html"), "/gather.html");
        assert_eq!(
            url_path("http://127.0.0.1:41/a/b.html?q=1#top"),
            "/a/b.html"
        );
        assert_eq!(url_path("http://127.0.0.1:41"), "/");
        assert_eq!(url_path("about:blank"), "/");
        assert_eq!(url_path("data:,"), "/");
    }

    #[test]
    fn an_error_names_its_kind_and_first_line() {
        let v = json!({ "error": "no such element", "message": "no such element: Unable to locate\n  (Session info: chrome=1)" });
        assert_eq!(error_text(&v), "no such element: Unable to locate");
        let v = json!({ "error": "javascript error", "message": "x is not defined" });
        assert_eq!(error_text(&v), "javascript error: x is not defined");
        assert_eq!(error_text(&json!({})), "unknown error");
    }

    #[test]
    fn an_element_is_passed_as_a_w3c_reference() {
        let wire = Wire {
            agent: ureq::Agent::new_with_defaults(),
            base: String::new(),
        };
        let el =
            Element::from_reference(wire, &json!({ ELEMENT_KEY: "f.1" })).expect("a reference");
        assert_eq!(
            serde_json::to_value(&el).expect("json"),
            json!({ ELEMENT_KEY: "f.1" })
        );
        assert!(Element::from_reference(el.wire.clone(), &json!({ "x": 1 })).is_err());
    }
}
