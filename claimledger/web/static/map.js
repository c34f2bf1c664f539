// The map of claim groups and the timeline under it. Data comes from /api/v1; every value from the ledger
// is put into the page with textContent (never innerHTML): article text is untrusted.
(function () {
  "use strict";
  const form = document.getElementById("filters");
  const mapElement = document.getElementById("map");
  const statusLine = document.getElementById("map-status");
  const svg = document.getElementById("timeline");
  const timelineLegend = document.getElementById("timeline-legend");
  const tableLink = document.getElementById("as-table");
  const ns = "http://www.w3.org/2000/svg";
  // One colour per category, the same on the map, in its legend and in the timeline.
  const COLOURS = {
    dead: "#b2182b", wounded: "#e08214", missing: "#762a83", captured: "#2166ac", casualties: "#5e6b7a",
    displaced: "#1b7837",
  };
  const categories = Object.keys(COLOURS);
  const colour = (category) => COLOURS[category] || "#5e6b7a";
  const markerSize = (best) => Math.round(16 + Math.min(44, 6 * Math.sqrt(best)));

  const map = L.map(mapElement, { worldCopyJump: true, maxZoom: 18 }).setView([48.5, 31.5], 5);
  const tiles = mapElement.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { attribution: mapElement.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  }
  // Without online tiles, country names are drawn from the offline outlines (from zoom 4: fewer overlap).
  const countryNames = L.layerGroup();
  fetch("/api/v1/basemap.geojson").then((r) => r.json()).then((outlines) => {
    const layer = L.geoJSON(outlines, { style: { color: "#8a97a8", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0 : 1 } });
    layer.addTo(map);
    layer.bringToBack();
    if (tiles) return;
    for (const feature of outlines.features) {
      const at = feature.properties.label;
      if (!at) continue;
      const label = L.tooltip({ permanent: true, direction: "center", className: "country-label", interactive: false })
        .setLatLng([at[1], at[0]]).setContent(feature.properties.name);
      countryNames.addLayer(label);
    }
    showCountryNames();
  });
  function showCountryNames() {
    if (tiles) return;
    if (map.getZoom() >= 4) countryNames.addTo(map); else countryNames.remove();
  }
  map.on("zoomend", showCountryNames);
  // A cluster (several groups close together) is a grey ring with the number of its groups; a group's own
  // marker is filled with its category's colour and shows its best figure.
  const clusters = L.markerClusterGroup({
    maxClusterRadius: 40,
    // The html is a count this script computes (a number), never a value from the ledger.
    iconCreateFunction: (cluster) => L.divIcon({
      className: "group-cluster marker-cluster", iconSize: [34, 34], html: String(Number(cluster.getChildCount())),
    }),
  });
  map.addLayer(clusters);
  // Place names beside the markers when there are no online tiles to name them (not clustered: always shown).
  const placeNames = L.layerGroup().addTo(map);

  // The legend: what a marker's colour, size and number mean, and what a cluster is.
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = function () {
    const box = L.DomUtil.create("div", "map-legend");
    box.id = "map-legend";
    const title = document.createElement("strong");
    title.textContent = "Claim groups";
    box.appendChild(title);
    for (const category of categories) {
      const row = document.createElement("div");
      row.className = "legend-row";
      row.dataset.category = category;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour(category);
      row.appendChild(swatch);
      row.appendChild(document.createTextNode(category));
      box.appendChild(row);
    }
    const sizes = document.createElement("div");
    sizes.className = "legend-sizes";
    for (const best of [1, 100, 1000]) {
      const dot = document.createElement("span");
      dot.className = "size-dot";
      const size = markerSize(best);
      dot.style.width = dot.style.height = size + "px";
      dot.style.lineHeight = (size - 2) + "px";
      dot.textContent = best.toLocaleString();
      sizes.appendChild(dot);
    }
    box.appendChild(sizes);
    const note = document.createElement("div");
    note.className = "legend-note";
    note.textContent = "Filled circle: one group; its size and number give its best figure. Grey ring: that many groups close together (click to open).";
    box.appendChild(note);
    return box;
  };
  legend.addTo(map);

  function params(extra) {
    const data = new URLSearchParams();
    for (const [key, value] of new FormData(form)) {
      if (value !== "" && key !== "by") data.append(key, value);
    }
    for (const [key, value] of Object.entries(extra || {})) {
      data.delete(key);
      if (value) data.append(key, value);
    }
    return data;
  }

  function popup(group) {
    const box = document.createElement("div");
    const title = document.createElement("strong");
    const figure = group.figure ? group.figure.best.toLocaleString() : "no figure";
    title.textContent = figure + " " + group.category + (group.subject ? " (" + group.subject + ")" : "");
    box.appendChild(title);
    const line = document.createElement("div");
    line.textContent = (group.place ? group.place.name : "") + " · " + (group.day || "undated") + " · grade " + group.grade.level;
    box.appendChild(line);
    const link = document.createElement("a");
    link.href = "/groups/" + encodeURIComponent(group.ref);
    link.textContent = "Open the group (" + group.claims + " claims, " + group.independent_roots + " independent sources)";
    link.className = "open-group";
    box.appendChild(link);
    return box;
  }

  function drawMap(groups) {
    clusters.clearLayers();
    placeNames.clearLayers();
    const named = new Set();
    const points = [];
    let unplaced = 0;
    for (const group of groups) {
      if (!group.place || group.place.lat === null || group.place.lon === null) { unplaced += 1; continue; }
      const best = group.figure ? group.figure.best : 0;
      const size = markerSize(best);
      const icon = L.divIcon({ className: "group-marker grade-" + group.grade.level, iconSize: [size, size], html: "" });
      const marker = L.marker([group.place.lat, group.place.lon], { icon: icon, title: group.category + " " + best });
      marker.on("add", () => {
        const el = marker.getElement();
        if (!el) return;
        el.textContent = String(best || "");
        el.style.lineHeight = (size - 4) + "px";
        el.style.background = colour(group.category);
        el.dataset.ref = group.ref;
        el.dataset.category = group.category;
      });
      marker.bindPopup(() => popup(group));
      clusters.addLayer(marker);
      const name = group.place.name || group.place.text;
      if (!tiles && name && !named.has(name)) {
        named.add(name);
        placeNames.addLayer(L.tooltip({ permanent: true, direction: "right", offset: [20, 0], className: "place-label", interactive: false })
          .setLatLng([group.place.lat, group.place.lon]).setContent(name));
      }
      points.push([group.place.lat, group.place.lon]);
    }
    statusLine.textContent = groups.length + " groups (" + unplaced + " without a place are not on the map)";
    if (points.length) map.fitBounds(points, { padding: [40, 40], maxZoom: 6 });
  }

  function svgElement(name, attributes, text) {
    const element = document.createElementNS(ns, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    svg.appendChild(element);
    return element;
  }

  function niceStep(top) {
    const raw = top / 4;
    const power = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1))));
    for (const factor of [1, 2, 5, 10]) if (factor * power >= raw) return factor * power;
    return 10 * power;
  }

  // Bars along a time axis across the whole width, one per period, stacked by category (never one category
  // added to another into one colour), with a y axis of figures and the periods along the x axis.
  const DAY = 86400000;
  let lastBuckets = [];
  function drawTimeline(buckets) {
    lastBuckets = buckets;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const width = svg.clientWidth || 800;
    const height = svg.clientHeight || 180;
    const left = 48, right = 12, top = 10, bottom = 24;
    const plotWidth = Math.max(10, width - left - right);
    const plotHeight = height - top - bottom;
    const total = (b) => Object.values(b.categories).reduce((a, c) => a + c, 0);
    const highest = Math.max(1, ...buckets.map(total));
    const step = niceStep(highest);
    const ceiling = Math.ceil(highest / step) * step;
    const y = (value) => top + plotHeight - plotHeight * value / ceiling;
    for (let value = 0; value <= ceiling; value += step) {
      svgElement("line", { class: "grid", x1: left, x2: left + plotWidth, y1: y(value), y2: y(value) });
      svgElement("text", { class: "axis y-tick", x: left - 6, y: y(value) + 3, "text-anchor": "end" }, value.toLocaleString());
    }
    svgElement("line", { class: "axis-line", x1: left, x2: left, y1: top, y2: top + plotHeight });
    const day = (iso) => Date.parse(iso + "T00:00:00Z") / DAY;
    const first = buckets.length ? day(buckets[0].start) : 0;
    const last = buckets.length ? day(buckets[buckets.length - 1].end) + 1 : 1;
    const perDay = plotWidth / Math.max(1, last - first);
    const since = form.elements.since.value;
    const until = form.elements.until.value;
    let lastLabel = -Infinity;
    buckets.forEach((bucket) => {
      const slotLeft = left + (day(bucket.start) - first) * perDay;
      const slot = (day(bucket.end) + 1 - day(bucket.start)) * perDay;
      const barWidth = Math.max(1, Math.min(slot * 0.8, 64));
      const x = slotLeft + (slot - barWidth) / 2;
      const bar = svgElement("g", { class: "bar" + (since === bucket.start && until === bucket.end ? " active" : "") });
      bar.dataset.start = bucket.start;
      bar.dataset.end = bucket.end;
      let base = 0;
      const parts = [];
      for (const category of categories) {
        const value = bucket.categories[category] || 0;
        if (!value) continue;
        const segment = document.createElementNS(ns, "rect");
        segment.setAttribute("class", "segment");
        segment.setAttribute("x", String(x));
        segment.setAttribute("y", String(y(base + value)));
        segment.setAttribute("width", String(barWidth));
        segment.setAttribute("height", String(Math.max(1, y(base) - y(base + value))));
        segment.setAttribute("fill", colour(category));
        segment.dataset.category = category;
        bar.appendChild(segment);
        base += value;
        parts.push(category + " " + value.toLocaleString());
      }
      const hit = document.createElementNS(ns, "rect");  // the whole column is clickable, even a short bar
      hit.setAttribute("class", "hit");
      hit.setAttribute("x", String(Math.min(x, slotLeft)));
      hit.setAttribute("y", String(top));
      hit.setAttribute("width", String(Math.max(barWidth, slot)));
      hit.setAttribute("height", String(plotHeight));
      bar.appendChild(hit);
      const tip = document.createElementNS(ns, "title");
      tip.textContent = bucket.period + ": " + (parts.join(", ") || "no figures") + " (" + bucket.groups + " groups)";
      bar.appendChild(tip);
      bar.addEventListener("click", () => {
        form.elements.since.value = bucket.start;
        form.elements.until.value = bucket.end;
        refresh();
      });
      const middle = slotLeft + slot / 2;
      if (middle - lastLabel >= 80) {
        svgElement("text", { class: "axis x-tick", x: middle, y: height - 6, "text-anchor": "middle" }, bucket.period);
        lastLabel = middle;
      }
    });
    svgElement("line", { class: "axis-line", x1: left, x2: left + plotWidth, y1: top + plotHeight, y2: top + plotHeight });
    drawTimelineLegend(buckets);
  }

  function drawTimelineLegend(buckets) {
    while (timelineLegend.firstChild) timelineLegend.removeChild(timelineLegend.firstChild);
    const present = categories.filter((c) => buckets.some((b) => b.categories[c]));
    for (const category of present) {
      const item = document.createElement("span");
      item.className = "legend-row";
      item.dataset.category = category;
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = colour(category);
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(category));
      timelineLegend.appendChild(item);
    }
  }
  window.addEventListener("resize", () => drawTimeline(lastBuckets));

  function refresh() {
    const query = params();
    history.replaceState(null, "", "/?" + query.toString() + "&by=" + form.elements.by.value);
    tableLink.href = "/claims?" + query.toString();
    fetch("/api/v1/groups?" + query.toString(), { credentials: "same-origin" })
      .then((r) => r.json()).then(drawMap);
    // The timeline shows every period of the other filters, so a click narrows the map without hiding the bars.
    const whole = params({ since: "", until: "" });
    whole.set("by", form.elements.by.value);
    fetch("/api/v1/timeline?" + whole.toString(), { credentials: "same-origin" })
      .then((r) => r.json()).then(drawTimeline);
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); refresh(); });
  refresh();
})();
