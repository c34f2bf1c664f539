// The map of claim groups and the timeline under it. Data comes from /api/v1; every value from the ledger
// is put into the page with textContent (never innerHTML): article text is untrusted.
(function () {
  "use strict";
  const form = document.getElementById("filters");
  const mapElement = document.getElementById("map");
  const statusLine = document.getElementById("map-status");
  const svg = document.getElementById("timeline");
  const tableLink = document.getElementById("as-table");
  const map = L.map(mapElement, { worldCopyJump: true, maxZoom: 18 }).setView([48.5, 31.5], 5);
  const tiles = mapElement.dataset.tiles;
  if (tiles) {
    L.tileLayer(tiles, { attribution: mapElement.dataset.attribution || "", maxZoom: 18 }).addTo(map);
  }
  fetch("/api/v1/basemap.geojson").then((r) => r.json()).then((outlines) => {
    const layer = L.geoJSON(outlines, { style: { color: "#8a97a8", weight: 1, fillColor: "#f4f1ea", fillOpacity: tiles ? 0 : 1 } });
    layer.addTo(map);
    layer.bringToBack();
  });
  const clusters = L.markerClusterGroup({ maxClusterRadius: 40 });
  map.addLayer(clusters);

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
    const points = [];
    let unplaced = 0;
    for (const group of groups) {
      if (!group.place || group.place.lat === null || group.place.lon === null) { unplaced += 1; continue; }
      const best = group.figure ? group.figure.best : 0;
      const size = Math.round(16 + Math.min(44, 6 * Math.sqrt(best)));
      const icon = L.divIcon({ className: "cluster-size grade-" + group.grade.level, iconSize: [size, size], html: "" });
      const marker = L.marker([group.place.lat, group.place.lon], { icon: icon, title: group.category + " " + best });
      marker.on("add", () => { const el = marker.getElement(); if (el) { el.textContent = String(best || ""); el.style.lineHeight = (size - 4) + "px"; el.dataset.ref = group.ref; } });
      marker.bindPopup(() => popup(group));
      clusters.addLayer(marker);
      points.push([group.place.lat, group.place.lon]);
    }
    statusLine.textContent = groups.length + " groups (" + unplaced + " without a place are not on the map)";
    if (points.length) map.fitBounds(points, { padding: [40, 40], maxZoom: 6 });
  }

  function drawTimeline(buckets) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    const width = svg.clientWidth || 800;
    const height = 140;
    const top = Math.max(1, ...buckets.map((b) => b.best));
    const step = buckets.length ? Math.min(40, (width - 20) / buckets.length) : 0;
    const ns = "http://www.w3.org/2000/svg";
    const since = form.elements.since.value;
    const until = form.elements.until.value;
    buckets.forEach((bucket, i) => {
      const barHeight = Math.max(2, (height - 30) * bucket.best / top);
      const rect = document.createElementNS(ns, "rect");
      rect.setAttribute("class", "bar" + (since === bucket.start && until === bucket.end ? " active" : ""));
      rect.setAttribute("x", String(10 + i * step));
      rect.setAttribute("y", String(height - 18 - barHeight));
      rect.setAttribute("width", String(Math.max(2, step - 3)));
      rect.setAttribute("height", String(barHeight));
      rect.dataset.start = bucket.start;
      rect.dataset.end = bucket.end;
      const tip = document.createElementNS(ns, "title");
      tip.textContent = bucket.period + ": " + bucket.best.toLocaleString() + " (" + bucket.groups + " groups)";
      rect.appendChild(tip);
      rect.addEventListener("click", () => {
        form.elements.since.value = bucket.start;
        form.elements.until.value = bucket.end;
        refresh();
      });
      svg.appendChild(rect);
      if (i % Math.max(1, Math.ceil(70 / step)) === 0) {
        const label = document.createElementNS(ns, "text");
        label.setAttribute("x", String(10 + i * step));
        label.setAttribute("y", String(height - 4));
        label.textContent = bucket.period;
        svg.appendChild(label);
      }
    });
  }

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
