// Duplex web console: every page reads and acts through the same REST API as the CLI.
// No framework, no build step. Mutating requests echo the duplex_csrf cookie in X-CSRF-Token.
"use strict";

const API = "/api/v1";
const DANGEROUS = new Set(["stop", "stopstart", "prim", "second", "swap", "primforce"]);
const CONTROL_VERBS = ["start", "stop", "restart", "stopstart", "prim", "second", "swap", "primforce"];

function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)duplex_csrf=([^;]*)/);
  return m ? m[1] : "";
}

async function api(method, path, body, contentType) {
  const headers = {};
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken();
  if (contentType) headers["Content-Type"] = contentType;
  const res = await fetch(API + path, { method, headers, body, credentials: "same-origin" });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = { message: text }; }
  if (res.status === 403 && data && /not authenticated/.test(data.message || "")) {
    location.href = "/login";
    throw new Error("session expired");
  }
  if (!res.ok) throw new Error((data && data.message) || res.statusText);
  return data;
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}

function showMessage(text, isError) {
  const m = document.getElementById("message");
  if (!m) return;
  m.textContent = text;
  m.className = isError ? "error" : "ok";
  m.hidden = !text;
}

function stateLabel(s) {
  return s.state + " (" + s.qualifier + ")";
}

function stateBadge(s) {
  return el("span", { class: "state state-" + s.color, "data-state": s.state }, stateLabel(s));
}

function moduleFromPath() {
  return decodeURIComponent(location.pathname.split("/")[2] || "");
}

let session = null;

async function header() {
  session = await api("GET", "/session");
  document.getElementById("who").textContent = session.user + " (" + session.role + ") on " + session.node;
  document.body.dataset.role = session.role;
  document.getElementById("logout").addEventListener("click", async () => {
    await fetch("/logout", { method: "POST", headers: { "X-CSRF-Token": csrfToken() }, credentials: "same-origin" });
    location.href = "/login";
  });
}

function canControl() { return session && (session.role === "Control" || session.role === "Admin"); }
function canAdmin() { return session && session.role === "Admin"; }

// ---- pages ----

function loginPage() {
  const error = new URLSearchParams(location.search).get("error");
  const p = document.getElementById("login-error");
  if (error === "invalid") { p.textContent = "Wrong user name or password."; p.hidden = false; }
  if (error === "limited") { p.textContent = "Too many failed logins from this address; wait a few minutes."; p.hidden = false; }
}

async function overviewPage() {
  const node = await api("GET", "/node");
  document.getElementById("node-name").textContent = node.name;
  const body = document.querySelector("#modules tbody");
  async function refresh() {
    try {
      const modules = await api("GET", "/modules");
      body.replaceChildren(...modules.map(m => el("tr", { "data-module": m.module },
        el("td", {}, el("a", { href: "/modules/" + encodeURIComponent(m.module) }, m.module)),
        el("td", { class: "local" }, stateBadge(m)),
        el("td", { class: "peer" }, m.resources["state.remote"] || "unknown"),
        el("td", {}, m.detail || ""),
        el("td", {}, el("a", { href: "/modules/" + encodeURIComponent(m.module) + "/logs" }, "logs")))));
      if (modules.length === 0) body.append(el("tr", {}, el("td", { colspan: "5" }, "No module installed.")));
      showMessage("", false);
    } catch (e) { showMessage(e.message, true); }
  }
  await refresh();
  setInterval(refresh, 2000);
}

async function modulePage() {
  const module = moduleFromPath();
  document.getElementById("module-name").textContent = module;
  document.getElementById("logs-link").href = "/modules/" + encodeURIComponent(module) + "/logs";
  const buttons = document.querySelectorAll("#actions button");
  function render(s) {
    const badge = document.getElementById("module-state");
    badge.textContent = stateLabel(s);
    badge.className = "state state-" + s.color;
    badge.dataset.state = s.state;
    document.getElementById("module-detail").textContent = s.detail || "";
    const rows = Object.entries(s.resources).map(([k, v]) => el("tr", {}, el("td", {}, k), el("td", {}, v)));
    document.querySelector("#resources tbody").replaceChildren(...rows);
  }
  async function refresh() {
    try { render(await api("GET", "/modules/" + encodeURIComponent(module))); }
    catch (e) { showMessage(e.message, true); }
  }
  for (const b of buttons) {
    if (!canControl()) { b.disabled = true; b.title = "Your role (" + session.role + ") may not run commands"; continue; }
    b.addEventListener("click", async () => {
      const verb = b.dataset.verb;
      if (DANGEROUS.has(verb) && !confirm(b.dataset.confirm || ("Run " + verb + "?"))) return;
      try {
        const r = await api("POST", "/modules/" + encodeURIComponent(module) + "/commands/" + verb, "{}", "application/json");
        render(r.status);
        showMessage(r.message, false);
      } catch (e) { showMessage(e.message, true); }
    });
  }
  await refresh();
  setInterval(refresh, 2000);
}

async function logsPage() {
  const module = moduleFromPath();
  document.getElementById("module-name").textContent = module;
  document.getElementById("module-link").href = "/modules/" + encodeURIComponent(module);
  const pre = document.getElementById("log-lines");
  const kind = document.getElementById("log-kind");
  const level = document.getElementById("log-level");
  const text = document.getElementById("log-text");
  const live = document.getElementById("log-live");
  let lines = [];
  let stream = null;
  const isError = line => line.length > 25 && line.charAt(24) === "E" && line.charAt(25) === " ";
  function show() {
    const t = text.value.toLowerCase();
    const errorsOnly = level.value === "errors" && kind.value === "module";
    pre.textContent = lines.filter(l => (!errorsOnly || isError(l)) && (!t || l.toLowerCase().includes(t))).join("\n");
  }
  async function load() {
    if (stream) { stream.close(); stream = null; }
    const app = kind.value === "application";
    try {
      const r = await api("GET", "/modules/" + encodeURIComponent(module) + "/log?n=1000&app=" + app);
      lines = r.lines;
      show();
      showMessage("", false);
    } catch (e) { showMessage(e.message, true); return; }
    if (live.checked) {
      stream = new EventSource(API + "/modules/" + encodeURIComponent(module) + "/log/stream?app=" + app);
      stream.addEventListener("line", ev => {
        lines.push(ev.data);
        if (lines.length > 5000) lines = lines.slice(-5000);
        show();
      });
    }
  }
  kind.addEventListener("change", load);
  live.addEventListener("change", load);
  level.addEventListener("change", show);
  text.addEventListener("input", show);
  await load();
}

function importPage() {
  const form = document.getElementById("import");
  if (!canAdmin()) {
    for (const e of form.elements) e.disabled = true;
    showMessage("Your role (" + session.role + ") may not import modules.", true);
    return;
  }
  form.addEventListener("submit", async ev => {
    ev.preventDefault();
    const name = document.getElementById("import-name").value;
    const file = document.getElementById("import-file").files[0];
    try {
      const r = await api("PUT", "/modules/" + encodeURIComponent(name), file, "application/octet-stream");
      showMessage(r.message + (r.warnings.length ? " (warnings: " + r.warnings.join("; ") + ")" : ""), false);
    } catch (e) { showMessage(e.message, true); }
  });
}

document.addEventListener("DOMContentLoaded", async () => {
  const page = document.body.dataset.page;
  try {
    if (page === "login") { loginPage(); return; }
    await header();
    if (page === "overview") await overviewPage();
    if (page === "module") await modulePage();
    if (page === "logs") await logsPage();
    if (page === "import") importPage();
    document.body.dataset.loaded = "true";
  } catch (e) { showMessage(e.message, true); }
});
