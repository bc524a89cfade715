// The wall's store map: stores over a base of provinces, coast and cities shipped with the
// app (/dashboard-assets/basemap.geojson), labels placed so none overlap. Loaded before
// dashboard.js, whose state and $ it uses when called.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attrs) { const el = document.createElementNS(SVG, tag); for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v); return el; }

// The base under the stores: provinces, the country's outline (the coast) and major cities,
// from the app's own basemap.geojson (loaded once; no tile server).
let baseMap = null;
function loadBaseMap() {
  baseMap = baseMap || fetch("/dashboard-assets/basemap.geojson").then((r) => (r.ok ? r.json() : { features: [] })).catch(() => ({ features: [] }));
  return baseMap;
}

// A label beside its point, right, left, above or below, at the first spot clear of every
// label already placed (taken); skipped (null) when all four collide.
function placeLabel(x, y, text, size, taken) {
  // The text's box from its baseline: capitals rise about 0.95 em, descenders drop 0.3 em.
  const w = 0.7 * size * text.length, gap = 5;
  const spots = [
    [x + gap, y + 0.35 * size, "start", x + gap],
    [x - gap, y + 0.35 * size, "end", x - gap - w],
    [x, y - gap - 0.3 * size, "middle", x - w / 2],
    [x, y + gap + 0.95 * size, "middle", x - w / 2],
  ];
  for (const [lx, ly, anchor, left] of spots) {
    const r = [left, ly - 0.95 * size, left + w, ly + 0.3 * size];
    if (!taken.some((o) => r[0] < o[2] && o[0] < r[2] && r[1] < o[3] && o[1] < r[3])) { taken.push(r); return [lx, ly, anchor]; }
  }
  return null;
}

async function storeMap(rows) {
  // Our stores where they are (latitude, longitude), each circle's area the new members it
  // signed up in the period, or, where sign-ups are not placed at a store, its member
  // check-ins; on a base of provinces, coast and cities shipped with the app.
  const base = await loadBaseMap();
  const signUps = rows.some((r) => r.figures.new_members > 0);
  const figure = signUps ? "new_members" : "check_ins";
  const members = new Map(rows.map((r) => [Number(r.key), r.figures[figure]]));
  const shown = [...state.stores.values()].filter((s) => s.latitude != null && (!$("store").value || String(s.id) === $("store").value)
    && (!$("region").value || String(s.region_id) === $("region").value));
  const W = 600, H = 300, pad = 30;
  const box = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "stores and member density" });
  box.append(svg("rect", { class: "sea", width: W, height: H }));
  if (shown.length) {
    const lat = shown.map((s) => s.latitude), lon = shown.map((s) => s.longitude);
    const k = Math.cos(((Math.min(...lat) + Math.max(...lat)) / 2) * Math.PI / 180);
    const spanX = Math.max((Math.max(...lon) - Math.min(...lon)) * k, 0.05), spanY = Math.max(Math.max(...lat) - Math.min(...lat), 0.05);
    const scale = Math.min((W - 2 * pad) / spanX, (H - 2 * pad) / spanY);
    const px = (lo) => pad + (lo - Math.min(...lon)) * k * scale + (W - 2 * pad - spanX * scale) / 2;
    const py = (la) => H - pad - (la - Math.min(...lat)) * scale - (H - 2 * pad - spanY * scale) / 2;
    const x = (s) => px(s.longitude), y = (s) => py(s.latitude);
    const layer = svg("g", { class: "base" });
    for (const f of base.features) {
      const kind = f.properties.kind;
      if (kind === "city") continue;
      const d = f.geometry.coordinates.map((poly) => "M" + poly[0].map(([lo, la]) => `${px(lo).toFixed(1)},${py(la).toFixed(1)}`).join("L") + "Z").join("");
      const path = svg("path", { class: kind, d }); const t = svg("title", {}); t.textContent = f.properties.name; path.append(t);
      layer.append(path);
    }
    box.append(layer);
    const most = Math.max(1, ...shown.map((s) => members.get(s.id) || 0));
    const taken = [];
    const labels = svg("g", { class: "labels" });
    // Biggest first: their labels win the space; a label that fits nowhere is left out
    // (the circle keeps its name as a tooltip).
    for (const s of shown.sort((a, b) => (members.get(b.id) || 0) - (members.get(a.id) || 0))) {
      const n = members.get(s.id) || 0;
      const r = 4 + 22 * Math.sqrt(n / most);
      const dot = svg("circle", { class: "store", cx: x(s).toFixed(1), cy: y(s).toFixed(1), r: r.toFixed(1), "data-store": s.code });
      const title = svg("title", {}); title.textContent = `${s.code} ${s.name}: ${n} ${signUps ? "new members" : "member check-ins"}`; dot.append(title);
      box.append(dot);
      const spot = placeLabel(x(s), y(s), s.code, 10, taken);
      if (spot) { const text = svg("text", { class: "store-label", x: spot[0].toFixed(1), y: spot[1].toFixed(1), "text-anchor": spot[2] }); text.textContent = s.code; labels.append(text); }
    }
    const cities = base.features.filter((f) => f.properties.kind === "city").sort((a, b) => a.properties.rank - b.properties.rank);
    for (const c of cities) {
      const [lo, la] = c.geometry.coordinates; const cx = px(lo), cy = py(la);
      if (cx < 0 || cx > W || cy < 0 || cy > H) continue;
      const spot = placeLabel(cx, cy, c.properties.name, 11, taken);
      if (!spot) continue;
      const text = svg("text", { class: "city-label", x: spot[0].toFixed(1), y: spot[1].toFixed(1), "text-anchor": spot[2] }); text.textContent = c.properties.name;
      labels.append(svg("circle", { class: "city", cx: cx.toFixed(1), cy: cy.toFixed(1), r: 2 }), text);
    }
    box.append(labels);
  }
  const note = svg("text", { class: "note", x: 6, y: H - 6 }); note.textContent = `circle area: ${signUps ? "new members" : "member check-ins"} in the period`; box.append(note);
  $("store-map").replaceChildren(box);
}

