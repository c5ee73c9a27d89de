// The regencies from a TopoJSON-style subset (coverage_map/data/topo.py), coloured by
// fills, with their tooltips (text only), the phone sheet and the way to a profile, and
// the province outlines from the same arcs. o: {opacity, open_hint, open_label, plan_label,
// close_label, sources: {kode: the ID of the figure shown}, source_label}. It gives the map
// map.cmRegions ([kode, name] by name) and map.cmFocus(kode) for the search (search.js).
function cmTopoLayer(map, topo, fills, tips, o) {
  function arc(i) {  // an encoded polyline of (x, y) grid steps from the origin
    var a = topo.arcs[i < 0 ? ~i : i], s = topo.scale, n = 0, out = [];
    var xy = [topo.origin[0], topo.origin[1]];
    while (n < a.length) {
      for (var j = 0; j < 2; j++) {
        var b, shift = 0, v = 0;
        do { b = a.charCodeAt(n++) - 63; v |= (b & 31) << shift; shift += 5; } while (b >= 32);
        xy[j] += v & 1 ? ~(v >> 1) : v >> 1;
      }
      out.push([xy[0] * s, xy[1] * s]);
    }
    return i < 0 ? out.reverse() : out;
  }
  function ring(refs) {
    var out = [];
    refs.forEach(function (r, n) { var p = arc(r); Array.prototype.push.apply(out, n ? p.slice(1) : p); });
    return out;
  }
  function tip(parts) {  // plain text only: textContent, never innerHTML
    var box = document.createElement("div");
    box.className = "cm-tt";
    parts.forEach(function (p) {  // [style class, index of the line's text]
      var line = document.createElement("div");
      if (p[0]) { line.className = p[0]; }
      line.textContent = tips.lines[p[1]];
      box.appendChild(line);
    });
    if (window.cmOpenProfile) {  // the app offers the profile: say how to get there
      var hint = document.createElement("div");
      hint.className = "d";
      hint.textContent = o.open_hint;
      box.appendChild(hint);
    }
    return box;
  }
  var features = Object.keys(topo.features).map(function (k) {
    return {type: "Feature", properties: {kode: k}, geometry: {type: "MultiPolygon",
      coordinates: topo.features[k].map(function (poly) { return poly.map(ring); })}};
  });
  var layer = L.geoJSON(features, {
    style: function (f) {
      return {fillColor: fills[f.properties.kode], color: "#ffffff", weight: 0.9,
              fillOpacity: o.opacity};
    },
    onEachFeature: function (f, l) {
      l.bindTooltip(function () { return tip(tips.regions[f.properties.kode]); },
                    {sticky: true});
      l.on("mouseover", function () { l.setStyle({weight: 3, color: "#111111"}); });
      l.on("mouseout", function () { layer.resetStyle(l); });
    }
  }).addTo(map);
  // a narrow screen: the tapped region's text in a sheet along the map's bottom; it stays
  // until closed or until the map's background is tapped
  var sheet = null, shownAt = 0;
  function showSheet(e) {
    if (window.innerWidth > 520) { return; }
    if (!sheet) {
      sheet = L.DomUtil.create("div", "cm-sheet", map.getContainer());
      L.DomEvent.disableClickPropagation(sheet);
      L.DomEvent.disableScrollPropagation(sheet);
      // and no click of the sheet reaches the map's own listener: Leaflet counts two taps
      // within 200 ms as a double tap (the region's, then the sheet's close): a zoom
      L.DomEvent.on(sheet, "click", L.DomEvent.stopPropagation);
    }
    sheet.textContent = "";
    var close = L.DomUtil.create("button", "cm-sheet-x", sheet);
    close.type = "button"; close.textContent = "\u00d7";
    close.setAttribute("aria-label", o.close_label);
    L.DomEvent.on(close, "click", function () { sheet.style.display = "none"; });
    var kode = e.layer.feature.properties.kode, id = (o.sources || {})[kode];
    sheet.appendChild(tip(tips.regions[kode]));
    if (id && location.protocol !== "file:") {  // the figure and its source, on a phone too
      var a = L.DomUtil.create("a", "cm-source", sheet);  // (the app's page: not from a file)
      a.href = "/sumber?id=" + encodeURIComponent(id); a.target = "_blank";
      a.rel = "noopener"; a.textContent = o.source_label;
    }
    profileButton(kode, sheet);
    sheet.style.display = "block";
    shownAt = Date.now();
  }
  // the way to a region's profile and to its plan, and adding it to the comparison below the
  // map, where the app offers them
  // (window.cmOpenProfile(kode, page))
  function profileButton(kode, box) {
    if (!window.cmOpenProfile) { return; }
    var row = L.DomUtil.create("div", "cm-acts", box);
    [["cm-open", o.open_label, "profil"], ["cm-plan", o.plan_label, "rencana"],
     ["cm-cmp", o.compare_label, "banding"]].forEach(
      function (x) {
        var b = L.DomUtil.create("button", x[0], row);
        b.type = "button"; b.textContent = x[1];
        L.DomEvent.on(b, "click", function (ev) {
          L.DomEvent.stop(ev); window.cmOpenProfile(kode, x[2]);
        });
      });
  }
  layer.on("click", function (e) {
    if (window.innerWidth <= 520 || !window.cmOpenProfile) { return; }
    var kode = e.layer.feature.properties.kode, box = L.DomUtil.create("div", "cm-pop");
    L.DomUtil.create("div", "n", box).textContent = tips.lines[tips.regions[kode][0][1]];
    profileButton(kode, box);
    L.popup({closeButton: true, autoPan: false}).setLatLng(e.latlng).setContent(box)
      .openOn(map);
  });
  layer.on("tooltipopen click", showSheet);
  function layerAt(x, y) {
    var el = document.elementFromPoint(x, y);
    return layer.getLayers().filter(function (l) { return l.getElement() === el; })[0];
  }
  map.on("click", function (e) {  // the sea or the background, not a region: a region's own
    // tap reaches the map too (as a click on the map's pane, after the sheet was shown)
    var ev = e.originalEvent, target = ev && ev.target, near;
    if (target && target.closest && target.closest(".leaflet-interactive")) { return; }
    // a finger just off a small region (a city on the coast, a few px wide): that region;
    // the tap is hit-tested at whole pixels, and a finger is wider than the region
    for (var r = 2; ev && !near && r <= 10 && window.innerWidth <= 520; r += 4) {
      for (var a = 0; a < 8 && !near; a++) {
        near = layerAt(ev.clientX + r * Math.cos(a * Math.PI / 4),
                       ev.clientY + r * Math.sin(a * Math.PI / 4));
      }
    }
    if (near) { showSheet({layer: near}); return; }
    if (!sheet || Date.now() - shownAt < 600) { return; }
    sheet.style.display = "none";
  });
  // the search (search.js): every region by name, and the way to one: zoomed to, outlined,
  // its sheet (a phone) or its tooltip
  map.cmRegions = layer.getLayers().map(function (l) {
    var k = l.feature.properties.kode;
    return [k, tips.lines[tips.regions[k][0][1]], l];
  }).sort(function (a, b) { return short(a[1]).localeCompare(short(b[1])); });
  function short(name) { return name.replace(/^(Kabupaten|Kota) /, ""); }
  var focused = null;
  map.cmFocus = function (kode) {
    var l = map.cmRegions.filter(function (r) { return r[0] === kode; })[0][2];
    if (focused) { layer.resetStyle(focused); }
    focused = l;
    map.closePopup();
    layer.eachLayer(function (x) { x.closeTooltip(); });
    showSheet({layer: l});
    var below = sheet && sheet.style.display === "block" ? sheet.offsetHeight : 0;
    map.fitBounds(l.getBounds(), {paddingTopLeft: [20, 60], paddingBottomRight: [20, below + 20],
                                  maxZoom: 10, animate: false});
    l.setStyle({weight: 3, color: "#111111"});
    if (!below) { l.openTooltip(l.getBounds().getCenter()); }
  };
  L.geoJSON({type: "MultiLineString", coordinates: topo.outline.map(arc)},
            {style: {color: "#303030", weight: 2.2, fill: false}, interactive: false}).addTo(map);
  window.regencyLayer = layer;
}
