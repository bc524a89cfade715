// The manager's wall. Reads only /manager/v1 with the token from its own login form; every
// figure comes from the API as it answered (the page computes nothing but display and shares).
"use strict";

const API = "/manager/v1";
const TOKEN = "o2o.manager.token";
const WHO = "o2o.manager.username";
const $ = (id) => document.getElementById(id);
const state = { stores: new Map(), regions: [], guides: new Map(), touchpoints: new Map(), tables: {}, period: null };

// ---- formatting (the browser test formats the API's numbers the same way) ----
const int = (n) => (n == null ? "—" : Math.round(n).toLocaleString("en-US"));
const money = (fen) =>
  fen == null ? "—" : "¥" + (fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x) => (x == null ? "—" : (x * 100).toFixed(1) + "%");
const tenths = (x) => (x == null ? "—" : x.toFixed(1));
const minutes = (m) => (m == null ? "—" : m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`);
const TILES = [
  ["gmv_fen", "GMV", money], ["orders", "Orders", int], ["aov_fen", "Average order", money],
  ["units", "Units", int], ["refunded_fen", "Refunds", money], ["new_members", "New members", int],
  ["active_daily_avg", "Daily active members (avg)", tenths],
  ["scans", "Scans", int], ["check_ins", "Check-ins", int], ["scan_to_order", "Scan → order", pct],
  ["appointments", "Appointments", int], ["no_show_rate", "No-show rate", pct],
  ["pickup_expiry_rate", "Pickup expiry", pct], ["ready_collected_p50_min", "Ready → collected p50", minutes],
  ["coupon_rate", "Orders with coupon", pct], ["points_rate", "Orders paying with points", pct],
];

// ---- the API ----
class Missing extends Error {}

async function api(path) {
  const response = await fetch(API + path, { headers: { Authorization: "Bearer " + sessionStorage.getItem(TOKEN) } });
  if (response.status === 401) { logOut("Your session ended: log in again."); throw new Error("unauthorized"); }
  if (response.status === 404 || response.status === 405) throw new Missing(path);
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

async function allPages(path) {
  const items = [];
  for (let offset = 0; ; offset += 100) {
    const page = await api(`${path}${path.includes("?") ? "&" : "?"}limit=100&offset=${offset}`);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

// ---- login ----
async function logIn(event) {
  event.preventDefault();
  $("login-error").textContent = "";
  const body = { username: $("username").value, password: $("password").value };
  const response = await fetch(API + "/auth/login", {
    method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) {
    $("login-error").textContent = answer.message || `Login refused (${response.status})`;
    return;
  }
  sessionStorage.setItem(TOKEN, answer.access_token);
  sessionStorage.setItem(WHO, body.username);
  $("password").value = "";
  await start();
}

function logOut(message) {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(WHO);
  $("wall").hidden = true; $("filters").hidden = true; $("logout").hidden = true;
  $("login-panel").hidden = false; $("who").textContent = "";
  $("login-error").textContent = message || "";
}

// ---- filters ----
function option(value, label) { const o = document.createElement("option"); o.value = value; o.textContent = label; return o; }

function fillStores() {
  const region = $("region").value;
  const select = $("store"); const kept = select.value;
  select.replaceChildren(option("", "All stores"));
  for (const s of [...state.stores.values()].sort((a, b) => a.code.localeCompare(b.code))) {
    if (!region || String(s.region_id) === region) select.append(option(s.id, `${s.code} ${s.name}`));
  }
  select.value = [...select.options].some((o) => o.value === kept) ? kept : "";
}

function query() {
  const days = Number($("period").value);
  const end = new Date(); end.setUTCHours(0, 0, 0, 0); end.setUTCDate(end.getUTCDate() + 1);
  const start = new Date(end); start.setUTCDate(start.getUTCDate() - days);
  const q = new URLSearchParams({ start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) });
  if ($("region").value) q.set("region_id", $("region").value);
  if ($("store").value) q.set("store_id", $("store").value);
  state.period = `${q.get("start")}_${q.get("end")}`;
  return { q: q.toString(), days };
}

// ---- tables, each downloadable as the CSV of what it shows ----
function table(name, header, rows, shown) {
  state.tables[name] = { header, rows };
  const el = $(name);
  const head = document.createElement("tr");
  for (const h of header) { const th = document.createElement("th"); th.textContent = h; head.append(th); }
  const body = (shown || rows).map((row) => {
    const tr = document.createElement("tr");
    for (const cell of row) { const td = document.createElement("td"); td.textContent = cell ?? ""; tr.append(td); }
    return tr;
  });
  if (!rows.length) {
    const tr = document.createElement("tr"); const td = document.createElement("td");
    td.colSpan = header.length; td.textContent = "Nothing in this period."; tr.append(td); body.push(tr);
  }
  el.replaceChildren(document.createElement("thead"), document.createElement("tbody"));
  el.tHead.append(head); el.tBodies[0].append(...body);
}

// Formula-leading text gets a leading ' : the server's rule (services/platform/csv_export.py).
function csvCell(v) { let s = v == null ? "" : String(v); if (typeof v !== "number" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`; return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s; }

function download(name) {
  const t = state.tables[name]; if (!t) return;
  const text = [t.header, ...t.rows].map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  link.download = `${name}-${state.period}.csv`;
  document.body.append(link); link.click(); link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}

// ---- the panels ----
function tiles(summary) {
  const wrap = $("tiles"); wrap.replaceChildren();
  for (const [key, label, format] of TILES) {
    const value = summary.figures[key]; const change = summary.change_pct[key];
    const tile = document.createElement("div");
    tile.className = "tile"; tile.dataset.key = key; tile.dataset.value = JSON.stringify(value);
    const arrow = change == null ? "flat" : change > 0 ? "up" : change < 0 ? "down" : "flat";
    const said = change == null ? "no earlier figure" : `${change > 0 ? "▲" : change < 0 ? "▼" : "="} ${Math.abs(change).toFixed(1)}% vs previous`;
    tile.innerHTML = `<div class="label"></div><div class="value"></div><div class="change ${arrow}"></div>`;
    tile.children[0].textContent = label; tile.children[1].textContent = format(value); tile.children[2].textContent = said;
    wrap.append(tile);
  }
}

const LAYOUT = { margin: { l: 50, r: 50, t: 10, b: 40 }, paper_bgcolor: "#fff", plot_bgcolor: "#fff", font: { size: 11 } };
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };

function seriesChart(points) {
  const at = points.map((p) => p.at);
  Plotly.react("series-chart", [
    { type: "bar", name: "GMV (¥)", x: at, y: points.map((p) => p.figures.gmv_fen / 100), marker: { color: "#93c5fd" } },
    { type: "scatter", mode: "lines+markers", name: "Orders", x: at, y: points.map((p) => p.figures.orders), yaxis: "y2", line: { color: "#1d4ed8" } },
  ], { ...LAYOUT, yaxis: { title: "GMV (¥)" }, yaxis2: { title: "Orders", overlaying: "y", side: "right" }, legend: { orientation: "h" } }, CONFIG);
}

function channels(rows) {
  const total = rows.reduce((s, r) => s + r.figures.gmv_fen, 0);
  const data = rows.map((r) => [r.key || "none", r.figures.orders, r.figures.gmv_fen, r.figures.aov_fen, total ? r.figures.gmv_fen / total : null]);
  table("channels", ["channel", "orders", "gmv_fen", "aov_fen", "gmv_share"], data,
    data.map(([c, o, g, a, s]) => [c, int(o), money(g), money(a), pct(s)]));
  Plotly.react("channel-chart", [{ type: "pie", hole: 0.45, labels: data.map((d) => d[0]), values: data.map((d) => d[2] / 100), textinfo: "label+percent" }],
    { ...LAYOUT, margin: { l: 10, r: 10, t: 10, b: 10 }, showlegend: false }, CONFIG);
}

// Exact distinct members per day or week (null for a bucket the period cuts), and the
// average of daily actives; a week's actives are not the sum of its days'.
function activeChart(points) {
  const at = points.map((p) => p.at);
  Plotly.react("active-chart", [
    { type: "bar", name: "Active members", x: at, y: points.map((p) => p.figures.active_members), marker: { color: "#a7f3d0" } },
    { type: "scatter", mode: "lines", name: "Daily average", x: at, y: points.map((p) => p.figures.active_daily_avg), line: { color: "#047857" } },
  ], { ...LAYOUT, legend: { orientation: "h" } }, CONFIG);
}

const METHODS = { wechatpay: "WeChat Pay", card: "Card (Stripe)", counter: "Counter", other: "Other / none recorded" };

function payments(rows) {
  const data = rows.map((r) => [r.method, r.orders, r.gmv_fen, r.order_share, r.gmv_share]);
  table("payments", ["method", "orders", "gmv_fen", "order_share", "gmv_share"], data,
    data.map(([m, o, g, os, gs]) => [METHODS[m] || m, int(o), money(g), pct(os), pct(gs)]));
  Plotly.react("payment-chart", [{ type: "pie", hole: 0.45, labels: data.map((d) => METHODS[d[0]] || d[0]), values: data.map((d) => d[2] / 100), textinfo: "label+percent" }],
    { ...LAYOUT, margin: { l: 10, r: 10, t: 10, b: 10 }, showlegend: false }, CONFIG);
}

function regionName(id) { const r = state.regions.find((x) => String(x.id) === String(id)); return r ? r.name : id === "0" ? "no home store yet" : `region ${id}`; }

function regions(rows) {
  const data = rows.map((r) => [regionName(r.key), r.figures.new_members, r.figures.active_daily_avg, r.figures.orders, r.figures.gmv_fen]);
  table("regions", ["region", "new_members", "active_daily_avg", "orders", "gmv_fen"], data,
    data.map(([k, n, a, o, g]) => [k, int(n), tenths(a), int(o), money(g)]));
}

function storeName(id) { const s = state.stores.get(Number(id)); return s ? `${s.code} ${s.name}` : `store ${id}`; }

function storeRanking(rows) {
  const ranked = rows.filter((r) => r.key && r.key !== "0");
  const data = ranked.map((r, i) => [i + 1, storeName(r.key), r.figures.orders, r.figures.gmv_fen, r.figures.aov_fen, r.figures.scans, r.figures.scan_to_order, r.figures.new_members]);
  table("stores", ["rank", "store", "orders", "gmv_fen", "aov_fen", "scans", "scan_to_order", "new_members"], data,
    data.map(([k, s, o, g, a, sc, c, m]) => [k, s, int(o), money(g), money(a), int(sc), pct(c), int(m)]));
  storeMap(ranked);
}

async function guideNames(storeIds) {
  await Promise.all(storeIds.filter((id) => !state.guides.has(`s${id}`)).map(async (id) => {
    state.guides.set(`s${id}`, true);
    try { for (const g of await api(`/stores/${id}/guides`)) state.guides.set(String(g.id), g); } catch (e) { /* name stays an id */ }
  }));
}

async function guideRanking(rows) {
  const ranked = rows.filter((r) => r.key && r.key !== "0");
  await guideNames([...state.stores.keys()].slice(0, 60));
  const name = (id) => { const g = state.guides.get(String(id)); return g ? `${g.name} (${storeName(g.store_id).split(" ")[0]})` : `guide ${id}`; };
  const data = ranked.map((r, i) => [i + 1, name(r.key), r.figures.orders, r.figures.gmv_fen, r.figures.appointments, r.figures.appointment_to_purchase]);
  table("guides", ["rank", "guide", "orders", "gmv_fen", "appointments", "appointment_to_purchase"], data,
    data.map(([k, g, o, m, a, c]) => [k, g, int(o), money(m), int(a), pct(c)]));
}

function funnel(rows) {
  const steps = rows.length ? rows[0].steps.map((s) => s.step) : ["discover", "consider", "buy", "fulfil", "retain"];
  const totals = steps.map((_, i) => rows.reduce((sum, r) => sum + r.steps[i].count, 0));
  Plotly.react("funnel-chart", [{ type: "funnel", y: steps, x: totals, textinfo: "value+percent initial", marker: { color: "#60a5fa" } }],
    { ...LAYOUT, margin: { l: 80, r: 20, t: 10, b: 20 } }, CONFIG);
  const label = (id) => (id && state.touchpoints.has(id) ? state.touchpoints.get(id).name : id ? `touchpoint ${id}` : "no touchpoint");
  const data = rows.map((r) => [label(r.touchpoint_id), storeName(r.store_id), ...r.steps.map((s) => s.count), r.steps.at(-1).drop_pct]);
  table("funnel", ["touchpoint", "store", ...steps, "last_drop_pct"], data,
    data.map((d) => [...d.slice(0, 2), ...d.slice(2, -1).map(int), d.at(-1) == null ? "—" : `${d.at(-1)}%`]));
}

async function nps(q) {
  // NPS and CSAT by touchpoint (the experience API, scoped to the manager's regions; it has
  // no region or store filter, so the panel covers the period only). Hidden when absent.
  const p = new URLSearchParams(q);
  try {
    const report = await api(`/experience?by=touchpoint&start=${p.get("start")}&end=${p.get("end")}`);
    const label = (id) => (id && state.touchpoints.has(Number(id)) ? state.touchpoints.get(Number(id)).name : id ? `touchpoint ${id}` : "no touchpoint");
    const data = report.rows.map((r) => [label(r.key), r.nps.value, r.nps.responses, r.csat.value, r.csat.responses]);
    const score = (v) => (v == null ? "—" : v.toFixed(1));
    table("nps", ["touchpoint", "nps", "nps_responses", "csat_pct", "csat_responses"], data,
      data.map(([t, n, nr, c, cr]) => [t, score(n), int(nr), score(c), int(cr)]));
    $("nps-row").hidden = false;
  } catch (e) {
    $("nps-row").hidden = true;
    if (!(e instanceof Missing)) throw e;
  }
}

async function campaigns() {
  // The campaigns in the manager's scope (and the region filter) with what the campaigns
  // service measured for them: reach (members sent to), conversion and the uplift over the
  // control group with its interval. Not recomputed here. Hidden when there are none.
  try {
    const region = $("region").value;
    const all = (await allPages("/campaigns")).filter((c) => !region || String(c.region_id) === region);
    const measured = await Promise.all(all.map(async (c) => [c, await api(`/campaigns/${c.id}/results`).catch(() => null)]));
    const data = measured.filter(([, r]) => r).map(([c, r]) => {
      const arm = (name) => r.arms.find((a) => a.arm === name) || {};
      const u = r.uplift;
      return [c.name, c.status, arm("treated").members ?? null, arm("treated").conversion ?? null, arm("control").conversion ?? null,
        u ? u.difference : null, u ? u.low : null, u ? u.high : null];
    });
    table("campaigns", ["campaign", "status", "reach", "conversion", "control_conversion", "uplift", "uplift_low", "uplift_high"], data,
      data.map(([n, st, reach, conv, ctrl, up, lo, hi]) => [n, st, int(reach), pct(conv), pct(ctrl), pct(up), lo == null ? "—" : `${pct(lo)} to ${pct(hi)}`]));
    $("campaigns-row").hidden = !data.length;
  } catch (e) {
    $("campaigns-row").hidden = true;
    if (!(e instanceof Missing)) throw e;
  }
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) { const el = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); return el; }

function storeMap(rows) {
  // Our stores where they are (latitude, longitude), each circle's area the new members it
  // signed up in the period, or, where sign-ups are not placed at a store, its member
  // check-ins: drawn from our data alone, no map tiles.
  const signUps = rows.some((r) => r.figures.new_members > 0);
  const figure = signUps ? "new_members" : "check_ins";
  const members = new Map(rows.map((r) => [Number(r.key), r.figures[figure]]));
  const shown = [...state.stores.values()].filter((s) => s.latitude != null && (!$("store").value || String(s.id) === $("store").value)
    && (!$("region").value || String(s.region_id) === $("region").value));
  const W = 600, H = 300, pad = 30;
  const box = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "stores and member density" });
  if (shown.length) {
    const lat = shown.map((s) => s.latitude), lon = shown.map((s) => s.longitude);
    const k = Math.cos(((Math.min(...lat) + Math.max(...lat)) / 2) * Math.PI / 180);
    const spanX = Math.max((Math.max(...lon) - Math.min(...lon)) * k, 0.01), spanY = Math.max(Math.max(...lat) - Math.min(...lat), 0.01);
    const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
    const x = (s) => pad + (s.longitude - Math.min(...lon)) * k * scale + (W - 2 * pad - spanX * scale) / 2;
    const y = (s) => H - pad - (s.latitude - Math.min(...lat)) * scale - (H - 2 * pad - spanY * scale) / 2;
    const most = Math.max(1, ...shown.map((s) => members.get(s.id) || 0));
    for (const s of shown) {
      const n = members.get(s.id) || 0;
      const dot = svg("circle", { class: "store", cx: x(s).toFixed(1), cy: y(s).toFixed(1), r: (4 + 22 * Math.sqrt(n / most)).toFixed(1), "data-store": s.code });
      const title = svg("title", {}); title.textContent = `${s.code} ${s.name}: ${n} ${signUps ? "new members" : "member check-ins"}`; dot.append(title);
      const text = svg("text", { x: (x(s) + 6).toFixed(1), y: (y(s) - 6).toFixed(1) }); text.textContent = s.code;
      box.append(dot, text);
    }
  }
  const note = svg("text", { x: 6, y: H - 6 }); note.textContent = `circle area: ${signUps ? "new members" : "member check-ins"} in the period`; box.append(note);
  $("store-map").replaceChildren(box);
}

// ---- loading ----
async function load() {
  const { q, days } = query();
  $("status").textContent = "Loading…";
  try {
    const summary = await api(`/insights/summary?${q}`);
    tiles(summary);
    const [points, byChannel, byStore, byGuide, journey, byMethod, byRegion] = await Promise.all([
      api(`/insights/series?interval=${days > 90 ? "week" : "day"}&${q}`),
      api(`/insights/breakdown?by=channel&${q}`),
      api(`/insights/breakdown?by=store&${q}`),
      api(`/insights/breakdown?by=guide&${q}`),
      api(`/insights/funnel?${q}`),
      api(`/insights/payment_methods?${q}`),
      api(`/insights/breakdown?by=region&${q}`),
    ]);
    seriesChart(points); channels(byChannel); storeRanking(byStore); funnel(journey);
    activeChart(points); payments(byMethod); regions(byRegion);
    await guideRanking(byGuide);
    await nps(q);
    await campaigns();
    $("status").textContent = `${summary.start} to ${summary.end} (exclusive), compared with ${summary.previous_start} onwards`;
    document.body.dataset.loaded = q;
  } catch (e) {
    if (e instanceof Missing) {
      $("status").textContent = "Figures are not available on this server yet (no insights API).";
      storeMap([]);
      document.body.dataset.loaded = q;
    } else if (e.message !== "unauthorized") {
      $("status").textContent = `Could not load the figures: ${e.message}`;
    }
  }
}

async function start() {
  $("login-panel").hidden = true;
  $("wall").hidden = false; $("filters").hidden = false; $("logout").hidden = false;
  $("who").textContent = sessionStorage.getItem(WHO) || "";
  try {
    state.regions = await api("/regions");
    const stores = await allPages("/stores");
    state.stores = new Map(stores.map((s) => [s.id, s]));
    try { for (const t of await allPages("/touchpoints")) state.touchpoints.set(t.id, t); } catch (e) { /* labels stay ids */ }
  } catch (e) { return; }
  $("region").replaceChildren(option("", "All my regions"), ...state.regions.map((r) => option(r.id, r.name)));
  fillStores();
  await load();
}

document.addEventListener("DOMContentLoaded", () => {
  $("login").addEventListener("submit", logIn);
  $("logout").addEventListener("click", () => logOut(""));
  $("period").addEventListener("change", load);
  $("region").addEventListener("change", () => { fillStores(); load(); });
  $("store").addEventListener("change", load);
  for (const panel of document.querySelectorAll(".table-panel")) {
    panel.querySelector("button.csv").addEventListener("click", () => download(panel.dataset.table));
  }
  if (sessionStorage.getItem(TOKEN)) start(); else logOut("");
});
