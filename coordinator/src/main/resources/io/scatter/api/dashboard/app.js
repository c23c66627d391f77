// scatter's dashboard: one page, no library. It reads GET /events (server-sent events, read with fetch
// so the token travels in a header, never in a URL) and shows what each event holds; every event is
// whole, so a lost connection is simply opened again and the next event brings the page up to date.
"use strict";

const TOKEN_KEY = "scatter.token";
const RECONNECT_MS = 1000;
const SAMPLES_KEPT = 240;          // throughput points kept per job (two minutes at two a second)
const SVG = "http://www.w3.org/2000/svg";

const page = {
  jobs: new Map(),                 // id -> the job as the last event had it
  samples: new Map(),              // id -> [{t, done}] as this page saw them, for its throughput
  selected: null,
  stream: null,
};

function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

function headers() {
  const t = token();
  return t ? { "Authorization": "Bearer " + t } : {};
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return node;
}

function svgEl(tag, attrs, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text != null) node.textContent = text;
  return node;
}

function setLink(text, cls) {
  const link = document.getElementById("link");
  link.textContent = text;
  link.className = "link " + (cls || "");
}

function showLogin(message) {
  document.getElementById("main").hidden = true;
  document.getElementById("login").hidden = false;
  document.getElementById("logout").hidden = true;
  document.getElementById("login-error").textContent = message || "";
  setLink("logged out", "down");
}

function showMain() {
  document.getElementById("login").hidden = true;
  document.getElementById("main").hidden = false;
  document.getElementById("logout").hidden = !token();
}

// Server-sent events over fetch: "event: x\ndata: y\n\n" blocks, read as they arrive.
async function follow() {
  const controller = new AbortController();
  page.stream = controller;
  let response;
  try {
    response = await fetch("/events", { headers: headers(), signal: controller.signal, cache: "no-store" });
  } catch (e) {
    return retry();
  }
  if (response.status === 401) {
    const refused = token();
    sessionStorage.removeItem(TOKEN_KEY);
    return showLogin(refused ? "that token was refused" : "");
  }
  if (!response.ok || !response.body) {
    setLink("the coordinator answered " + response.status + "; trying again", "down");
    return retry();
  }
  showMain();
  setLink("live", "live");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        handle(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (e) {
    // the connection dropped: reconnect below
  }
  retry();
}

function retry() {
  setLink("reconnecting", "down");
  setTimeout(follow, RECONNECT_MS);
}

function handle(block) {
  let type = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (line.startsWith("event:")) type = line.slice(6).trim();
    else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
  }
  if (data.length === 0) return;
  const json = JSON.parse(data.join("\n"));
  if (type === "jobs") showJobs(json.jobs);
  else if (type === "nodes") showNodes(json.nodes);
}

function showNodes(nodes) {
  const body = document.querySelector("#nodes tbody");
  body.replaceChildren(...nodes.map(node => {
    const status = node.reachable ? node.status : "unreachable";
    const work = [];
    for (const worker of node.workers) {
      for (const job of worker.jobs) {
        let text = worker.name + ": job " + job.id + ", " + job.leased + " leased";
        if (job.running) text += ", partition " + job.running.partition + " at " + Math.round(job.running.progress * 100) + "%";
        work.push(text);
      }
    }
    return el("tr", { "data-node": node.address, "class": "status-" + status },
      el("td", {}, (node.name ? node.name + " " : "") + node.address + (node.self ? " (this coordinator)" : "")),
      el("td", { "class": "status" }, status),
      el("td", { "class": "workers" }, node.workers.length),
      el("td", {}, work.length ? work.join("; ") : "idle"));
  }));
}

function showJobs(jobs) {
  const now = performance.now();
  const body = document.querySelector("#jobs tbody");
  const rows = [];
  for (const job of jobs) {
    page.jobs.set(job.id, job);
    const samples = page.samples.get(job.id) || [];
    const last = samples[samples.length - 1];
    if (!last || last.done !== job.partitionsDone || job.state === "RUNNING") {
      samples.push({ t: now, done: job.partitionsDone });
      if (samples.length > SAMPLES_KEPT) samples.shift();
    }
    page.samples.set(job.id, samples);
    rows.push(jobRow(job, samples));
  }
  body.replaceChildren(...rows);
  if (page.selected && page.jobs.has(page.selected)) showDetail(page.selected, false);
}

function rate(samples) {
  if (samples.length < 2) return null;
  const a = samples[Math.max(0, samples.length - 5)], b = samples[samples.length - 1];
  const seconds = (b.t - a.t) / 1000;
  return seconds > 0 ? (b.done - a.done) / seconds : null;
}

function jobRow(job, samples) {
  const fraction = job.partitions > 0 ? job.partitionsDone / job.partitions : 0;
  const filled = el("span", {});
  filled.style.width = (fraction * 100).toFixed(1) + "%"; // through the CSSOM: the page's policy allows no inline style
  const bar = el("div", { "class": "bar", "role": "progressbar", "aria-valuenow": Math.round(fraction * 100) }, filled);
  const perSecond = job.state === "RUNNING" ? rate(samples) : null;
  const cancel = job.state === "RUNNING" || job.state === "QUEUED"
    ? el("button", { "type": "button", "class": "cancel" }, "cancel") : "";
  if (cancel) cancel.addEventListener("click", event => { event.stopPropagation(); cancelJob(job.id, cancel); });
  const row = el("tr", { "data-job-id": job.id, "class": "state-" + job.state + (page.selected === job.id ? " selected" : "") },
    el("td", {}, job.id), el("td", {}, job.task), el("td", {}, job.mode),
    el("td", { "class": "state" }, job.state),
    el("td", {}, bar, el("span", { "class": "progress-text" }, Math.round(fraction * 100) + "% (" + job.partitionsDone + " / " + job.partitions + ")")),
    el("td", { "class": "rate" }, perSecond == null ? "" : Math.round(perSecond).toLocaleString("en")),
    el("td", { "class": "answer" }, job.answer != null ? job.answer : (job.error || "")),
    el("td", {}, cancel));
  row.addEventListener("click", () => showDetail(job.id, true));
  return row;
}

async function cancelJob(id, button) {
  button.disabled = true;
  button.textContent = "cancelling";
  const response = await fetch("/jobs/" + encodeURIComponent(id), { method: "DELETE", headers: headers() });
  if (!response.ok) {
    button.textContent = "refused (" + response.status + ")";
  }
}

const fetchedStats = new Map();     // id -> stats of an ended job, asked once

async function showDetail(id, clicked) {
  page.selected = id;
  const job = page.jobs.get(id);
  const section = document.getElementById("detail");
  section.hidden = false;
  document.getElementById("detail-id").textContent = id + " (" + job.task + ", " + job.state.toLowerCase() + ")";
  for (const row of document.querySelectorAll("#jobs tbody tr")) row.classList.toggle("selected", row.dataset.jobId === id);
  drawThroughput(page.samples.get(id) || []);
  // A list's stats leave out the task stream: an ended job's whole stats are asked for once.
  if (job.stats && !fetchedStats.has(id)) {
    fetchedStats.set(id, job.stats);
    const response = await fetch("/jobs/" + encodeURIComponent(id), { headers: headers() });
    if (response.ok) fetchedStats.set(id, (await response.json()).stats);
  }
  if (page.selected === id) drawStats(fetchedStats.get(id) || job.stats);
}

function drawThroughput(samples) {
  const svg = document.getElementById("throughput");
  svg.replaceChildren();
  const points = [];
  for (let i = 1; i < samples.length; i++) {
    const dt = (samples[i].t - samples[i - 1].t) / 1000;
    if (dt > 0) points.push({ t: samples[i].t, v: (samples[i].done - samples[i - 1].done) / dt });
  }
  axes(svg);
  if (points.length === 0) {
    svg.append(svgEl("text", { x: 40, y: 90 }, "no progress seen yet"));
    return;
  }
  const t0 = points[0].t, t1 = Math.max(points[points.length - 1].t, t0 + 1);
  const vmax = Math.max(1, ...points.map(p => p.v));
  const path = points.map((p, i) => (i ? "L" : "M") + (40 + (p.t - t0) / (t1 - t0) * 550).toFixed(1) + ","
    + (165 - p.v / vmax * 150).toFixed(1)).join(" ");
  svg.append(svgEl("path", { "class": "line", d: path }));
  svg.append(svgEl("text", { x: 2, y: 18 }, Math.round(vmax).toLocaleString("en")));
  svg.append(svgEl("text", { x: 2, y: 168 }, "0"));
  svg.append(svgEl("text", { x: 540, y: 178 }, ((t1 - t0) / 1000).toFixed(1) + " s"));
}

function axes(svg) {
  svg.append(svgEl("line", { "class": "axis", x1: 40, y1: 165, x2: 595, y2: 165 }));
  svg.append(svgEl("line", { "class": "axis", x1: 40, y1: 10, x2: 40, y2: 165 }));
}

function drawStats(stats) {
  const body = document.querySelector("#latency tbody");
  const events = document.getElementById("events");
  const stream = document.getElementById("stream");
  stream.replaceChildren();
  axes(stream);
  if (!stats) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 7 }, "figures come when the job has ended")));
    events.replaceChildren();
    stream.append(svgEl("text", { x: 50, y: 90 }, "shown when the job has ended"));
    return;
  }
  const l = stats.latency || {};
  body.replaceChildren(el("tr", {}, el("td", {}, stats.partitions), el("td", {}, ms(l.p50Millis)), el("td", {}, ms(l.p99Millis)),
    el("td", {}, ms(l.maxMillis)), el("td", {}, stats.retries), el("td", {}, stats.duplicates), el("td", {}, stats.peakWorkers)));
  const list = stats.events || [];
  const origin = stats.startNanos != null ? stats.startNanos : (list.length ? list[0].atNanos : 0);
  events.replaceChildren(...list.map(e => el("li", { "class": "event-" + e.kind },
    ((e.atNanos - origin) / 1e9).toFixed(3) + " s  " + e.kind + "  " + e.worker
    + (e.reason ? " (" + e.reason + ")" : "") + describe(e))));
  drawStream(stream, stats.spans || [], list, origin);
}

function describe(e) {
  const parts = e.requeued || e.returned || e.indices;
  return parts && parts.length ? ": partitions " + parts.slice(0, 12).join(", ") + (parts.length > 12 ? ", ..." : "") : "";
}

function ms(value) {
  return value == null ? "" : value.toFixed(1) + " ms";
}

// One row per worker; a bar per partition from its start to its result; a red mark per loss or expiry.
function drawStream(svg, spans, events, origin) {
  if (spans.length === 0) {
    svg.append(svgEl("text", { x: 50, y: 90 }, "no partitions recorded"));
    return;
  }
  const workers = [...new Set(spans.map(s => s.worker))];
  const end = Math.max(...spans.map(s => s.endMillis), 1);
  const rowHeight = Math.max(4, Math.min(30, 150 / workers.length));
  const left = 130;
  const x = millis => left + millis / end * (595 - left);
  svg.replaceChildren();
  svg.append(svgEl("line", { "class": "axis", x1: left, y1: 165, x2: 595, y2: 165 }));
  workers.forEach((worker, row) => {
    const label = worker.replace(/^in-process /, ""); // "127.0.0.1:2552 worker-1", or "worker-1" in-process
    svg.append(svgEl("text", { x: 2, y: 12 + row * rowHeight + rowHeight * 0.6 }, label));
  });
  for (const s of spans) {
    const row = workers.indexOf(s.worker);
    const rect = svgEl("rect", { "class": "span", x: x(s.startMillis).toFixed(1), y: (12 + row * rowHeight).toFixed(1),
      width: Math.max(0.5, x(s.endMillis) - x(s.startMillis)).toFixed(1), height: Math.max(2, rowHeight - 3).toFixed(1) });
    rect.append(svgEl("title", {}, "partition " + s.partition + ": " + s.startMillis + "-" + s.endMillis + " ms"));
    svg.append(rect);
  }
  for (const e of events) {
    if (e.kind !== "lost" && e.kind !== "expired") continue;
    const at = x((e.atNanos - origin) / 1e6);
    const mark = svgEl("line", { "class": "mark", x1: at, y1: 10, x2: at, y2: 165 });
    mark.append(svgEl("title", {}, e.kind + ": " + e.worker));
    svg.append(mark);
  }
  svg.append(svgEl("text", { x: 540, y: 178 }, (end / 1000).toFixed(2) + " s"));
}

document.getElementById("login").addEventListener("submit", event => {
  event.preventDefault();
  sessionStorage.setItem(TOKEN_KEY, document.getElementById("token").value.trim());
  follow();
});

document.getElementById("logout").addEventListener("click", () => {
  sessionStorage.removeItem(TOKEN_KEY);
  if (page.stream) page.stream.abort();
  showLogin();
});

follow();
