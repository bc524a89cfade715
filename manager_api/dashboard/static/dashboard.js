// The manager's wall. Reads only /manager/v1 with the token from its own login form; every
// figure comes from the API as it answered (the page computes nothing but display and shares).
"use strict";

const API = "/manager/v1";
const TOKEN = "o2o.manager.token";
const WHO = "o2o.manager.username";
const $ = (id) => document.getElementById(id);
const state = {
  stores: new Map(), regions: [], touchpoints: new Map(), tables: {}, period: null, run: 0,
  storesReady: Promise.resolve(), touchpointsReady: Promise.resolve(), sideLoads: () => {},
};

// ---- formatting (the browser test formats the API's numbers the same way) ----
const int = (n) => (n == null ? "—" : Math.round(n).toLocaleString("en-US"));
const money = (fen) =>
  fen == null ? "—" : "¥" + (fen / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x) => (x == null ? "—" : (x * 100).toFixed(1) + "%");
const tenths = (x) => (x == null ? "—" : x.toFixed(1));
// Money in the CSVs: yuan with two decimals, as the headers say (the API keeps fen).
const yuan = (fen) => (fen == null ? null : (fen / 100).toFixed(2));
const minutes = (m) => (m == null ? "—" : m < 120 ? `${m} min` : `${(m / 60).toFixed(1)} h`);
const TILES = [
  ["gmv_fen", "GMV", money], ["orders", "Orders", int], ["aov_fen", "Average order", money],
  ["units", "Units", int], ["refunded_fen", "Refunds", money], ["new_members", "New members", int],
  ["active_daily_avg", "Daily active members (avg)", tenths],
  ["scans", "Scans", int], ["check_ins", "Check-ins", int], ["scan_to_order", "Scanning members who ordered", pct],
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

// The period is asked by its length: the server ends it on today's local date (the store's
// zone, or the brand's), never on the browser's or UTC's; the summary's dates then fix it
// for every other panel.
function query() {
  const days = Number($("period").value);
  const q = new URLSearchParams({ days: String(days) });
  if ($("region").value) q.set("region_id", $("region").value);
  if ($("store").value) q.set("store_id", $("store").value);
  return { q: q.toString(), days };
}

function fixed(summary) {
  const q = new URLSearchParams({ start: summary.start, end: summary.end });
  if ($("region").value) q.set("region_id", $("region").value);
  if ($("store").value) q.set("store_id", $("store").value);
  state.period = `${summary.start}_${summary.end}`;
  return q.toString();
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

const LAYOUT = { margin: { l: 60, r: 60, t: 10, b: 40 }, paper_bgcolor: "#fff", plot_bgcolor: "#fff", font: { size: 11 } };
// Counts and money are never negative: their axes start at 0 and count in whole steps.
const COUNT_AXIS = { rangemode: "nonnegative", tickformat: ",d" };
const MONEY_AXIS = { rangemode: "nonnegative", tickformat: ",.0f" };
const CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud"] };

function seriesChart(points) {
  const at = points.map((p) => p.at);
  Plotly.react("series-chart", [
    { type: "bar", name: "GMV (¥)", x: at, y: points.map((p) => p.figures.gmv_fen / 100), marker: { color: "#93c5fd" } },
    { type: "scatter", mode: "lines+markers", name: "Orders", x: at, y: points.map((p) => p.figures.orders), yaxis: "y2", line: { color: "#1d4ed8" } },
  ], { ...LAYOUT, yaxis: { title: "GMV (¥)", ...MONEY_AXIS }, yaxis2: { title: "Orders", overlaying: "y", side: "right", ...COUNT_AXIS }, legend: { orientation: "h" } }, CONFIG);
}

function channels(rows) {
  const total = rows.reduce((s, r) => s + r.figures.gmv_fen, 0);
  const data = rows.map((r) => [r.name, r.figures.orders, r.figures.gmv_fen, r.figures.aov_fen, total ? r.figures.gmv_fen / total : null]);
  table("channels", ["Channel", "Orders", "GMV (¥)", "Average order (¥)", "Share of GMV"],
    data.map(([c, o, g, a, s]) => [c, o, yuan(g), yuan(a), s]),
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
  ], { ...LAYOUT, yaxis: { title: "Members", ...COUNT_AXIS }, legend: { orientation: "h" } }, CONFIG);
}

const METHODS = { wechatpay: "WeChat Pay", card: "Card (Stripe)", counter: "Counter", other: "Other / none recorded" };

function payments(rows) {
  const data = rows.map((r) => [r.method, r.orders, r.gmv_fen, r.order_share, r.gmv_share]);
  table("payments", ["Method", "Orders", "GMV (¥)", "Share of orders", "Share of GMV"],
    data.map(([m, o, g, os, gs]) => [METHODS[m] || m, o, yuan(g), os, gs]),
    data.map(([m, o, g, os, gs]) => [METHODS[m] || m, int(o), money(g), pct(os), pct(gs)]));
  Plotly.react("payment-chart", [{ type: "pie", hole: 0.45, labels: data.map((d) => METHODS[d[0]] || d[0]), values: data.map((d) => d[2] / 100), textinfo: "label+percent" }],
    { ...LAYOUT, margin: { l: 10, r: 10, t: 10, b: 10 }, showlegend: false }, CONFIG);
}

function regions(rows) {
  const data = rows.map((r) => [r.name, r.figures.new_members, r.figures.active_daily_avg, r.figures.orders, r.figures.gmv_fen]);
  table("regions", ["Region", "New members", "Daily active members (avg)", "Orders", "GMV (¥)"],
    data.map(([k, n, a, o, g]) => [k, n, a, o, yuan(g)]),
    data.map(([k, n, a, o, g]) => [k, int(n), tenths(a), int(o), money(g)]));
}

function storeRanking(rows) {
  const ranked = rows.filter((r) => r.key && r.key !== "0");
  const data = ranked.map((r, i) => [i + 1, r.name, r.figures.orders, r.figures.gmv_fen, r.figures.aov_fen, r.figures.scans, r.figures.scan_to_order, r.figures.new_members]);
  table("stores", ["Rank", "Store", "Orders", "GMV (¥)", "Average order (¥)", "Scans", "Scanning members who ordered", "New members"],
    data.map(([k, s, o, g, a, sc, c, m]) => [k, s, o, yuan(g), yuan(a), sc, c, m]),
    data.map(([k, s, o, g, a, sc, c, m]) => [k, s, int(o), money(g), money(a), int(sc), pct(c), int(m)]));
  return state.storesReady.then(() => storeMap(ranked));
}

// Guides come named by the API ("name (store code)"), whichever store they work at.
function guideRanking(rows) {
  const ranked = rows.filter((r) => r.key && r.key !== "0");
  const data = ranked.map((r, i) => [i + 1, r.name, r.figures.orders, r.figures.gmv_fen, r.figures.appointments, r.figures.appointment_to_purchase]);
  table("guides", ["Rank", "Guide", "Orders", "GMV (¥)", "Appointments", "Appointments that led to a purchase"],
    data.map(([k, g, o, m, a, c]) => [k, g, o, yuan(m), a, c]),
    data.map(([k, g, o, m, a, c]) => [k, g, int(o), money(m), int(a), pct(c)]));
}

// The journey in distinct members: each step is the members of the step before who also
// took it (the API's definition), so the funnel only narrows.
const STEPS = { discover: "Scanned (discover)", consider: "Checked in (consider)", buy: "Paid an order (buy)", fulfil: "Collected or delivered (fulfil)", retain: "Ordered again (retain)" };

function funnelChart(steps) {
  Plotly.react("funnel-chart", [{ type: "funnel", y: steps.map((s) => STEPS[s.step] || s.step), x: steps.map((s) => s.count), textinfo: "value+percent previous", marker: { color: "#60a5fa" } }],
    { ...LAYOUT, margin: { l: 190, r: 20, t: 10, b: 20 } }, CONFIG);
}

function funnel(rows) {
  const steps = ["discover", "consider", "buy", "fulfil", "retain"];
  const data = rows.map((r) => [r.touchpoint_name, r.store_name, ...r.steps.map((s) => s.count), r.steps.at(-1).drop_pct]);
  table("funnel", ["Touchpoint", "Store", ...steps.map((s) => `${STEPS[s]} (members)`), "Lost before retain (%)"], data,
    data.map((d) => [...d.slice(0, 2), ...d.slice(2, -1).map(int), d.at(-1) == null ? "—" : `${d.at(-1)}%`]));
}

async function nps(q) {
  // NPS and CSAT by touchpoint (the experience API, scoped to the manager's regions; it has
  // no region or store filter, so the panel covers the period only). Hidden when absent.
  const p = new URLSearchParams(q);
  try {
    await state.touchpointsReady;
    const report = await api(`/experience?by=touchpoint&start=${p.get("start")}&end=${p.get("end")}`);
    const label = (id) => (id && state.touchpoints.has(Number(id)) ? state.touchpoints.get(Number(id)).name : id ? `touchpoint ${id}` : "no touchpoint");
    const data = report.rows.map((r) => [label(r.key), r.nps.value, r.nps.responses, r.csat.value, r.csat.responses]);
    const score = (v) => (v == null ? "—" : v.toFixed(1));
    table("nps", ["Touchpoint", "NPS (−100 to 100)", "NPS responses", "CSAT (% satisfied)", "CSAT responses"], data,
      data.map(([t, n, nr, c, cr]) => [t, score(n), int(nr), score(c), int(cr)]));
    $("nps-row").hidden = false;
  } catch (e) {
    $("nps-row").hidden = true;
    if (!(e instanceof Missing)) throw e;
  }
}

const SUGGESTED_AT = {
  mini_program: "Mini-program list", order_confirmation: "Order confirmation",
  pickup_notice: "Ready-for-pickup notice", member_360: "Guide's member 360",
};

async function recommended(q) {
  // "Recommended → bought": suggestions shown per touchpoint and how many the member bought
  // within 7 days, as the recommendations service counts them (period only, like NPS).
  const p = new URLSearchParams(q);
  try {
    const report = await api(`/insights/recommendations?start=${p.get("start")}&end=${p.get("end")}`);
    const data = report.touchpoints.map((r) => [SUGGESTED_AT[r.touchpoint] || r.touchpoint, r.shown, r.bought, r.rate]);
    table("recommended", ["Touchpoint", "Suggestions shown", "Bought within 7 days", "Rate"], data,
      data.map(([t, s, b, r]) => [t, int(s), int(b), pct(r)]));
    $("recommended-row").hidden = false;
  } catch (e) {
    $("recommended-row").hidden = true;
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
    table("campaigns", ["Campaign", "Status", "Reach (members)", "Conversion", "Control group conversion", "Uplift", "Uplift (low)", "Uplift (high)"], data,
      data.map(([n, st, reach, conv, ctrl, up, lo, hi]) => [n, st, int(reach), pct(conv), pct(ctrl), pct(up), lo == null ? "—" : `${pct(lo)} to ${pct(hi)}`]));
    $("campaigns-row").hidden = !data.length;
  } catch (e) {
    $("campaigns-row").hidden = true;
    if (!(e instanceof Missing)) throw e;
  }
}

// ---- loading ----
// The tiles first, from the summary alone; every other panel draws as its own answer comes
// (a slow panel holds back no other). A newer question makes an older one's answers moot.
async function load() {
  const { q: asked, days } = query();
  const run = ++state.run;
  const current = (draw) => (value) => { if (run === state.run) draw(value); };
  $("status").textContent = "Loading…";
  try {
    const summary = await api(`/insights/summary?${asked}`);
    if (run !== state.run) return;
    tiles(summary);
    document.body.dataset.painted = asked;
    state.sideLoads();
    const q = fixed(summary);
    const interval = days > 90 ? "week" : "day";
    await Promise.all([
      api(`/insights/series?interval=${interval}&${q}`).then(current((points) => { seriesChart(points); activeChart(points); })),
      api(`/insights/breakdown?by=store&${q}`).then(current(storeRanking)),
      api(`/insights/funnel/overall?${q}`).then(current(funnelChart)),
      api(`/insights/breakdown?by=channel&${q}`).then(current(channels)),
      api(`/insights/payment_methods?${q}`).then(current(payments)),
      api(`/insights/breakdown?by=region&${q}`).then(current(regions)),
      api(`/insights/breakdown?by=guide&${q}`).then(current(guideRanking)),
      api(`/insights/funnel?${q}`).then(current(funnel)),
      nps(q),
      recommended(q),
      campaigns(),
    ]);
    if (run !== state.run) return;
    $("status").textContent = `${summary.start} to ${summary.end} (exclusive), compared with ${summary.previous_start} onwards`;
    document.body.dataset.loaded = q;
  } catch (e) {
    if (run !== state.run) return;
    if (e instanceof Missing) {
      $("status").textContent = "Figures are not available on this server yet (no insights API).";
      storeMap([]);
      document.body.dataset.loaded = asked;
    } else if (e.message !== "unauthorized") {
      $("status").textContent = `Could not load the figures: ${e.message}`;
    }
  }
}

// The figures are asked at once; the store list (filters, map) and touchpoint names (NPS)
// load beside them, and only the panels that need them wait for them.
async function start() {
  $("login-panel").hidden = true;
  $("wall").hidden = false; $("filters").hidden = false; $("logout").hidden = false;
  $("who").textContent = sessionStorage.getItem(WHO) || "";
  try { state.regions = await api("/regions"); } catch (e) { return; }
  $("region").replaceChildren(option("", "All my regions"), ...state.regions.map((r) => option(r.id, r.name)));
  state.sideLoads = () => {  // once, after the first tiles: they never delay them
    state.sideLoads = () => {};
    state.storesReady = allPages("/stores").then((stores) => {
      state.stores = new Map(stores.map((s) => [s.id, s]));
      fillStores();
    }).catch(() => {});
    state.touchpointsReady = allPages("/touchpoints").then((all) => {
      for (const t of all) state.touchpoints.set(t.id, t);
    }).catch(() => { /* labels stay ids */ });
  };
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
