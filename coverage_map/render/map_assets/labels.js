// Each region's name with its value, placed in the browser by the rule of
// coverage_map/render/label_place.py (cmPlaceLabels, its twin here): the name with the value
// on the region's point where it touches nothing, else a numbered callout and a line in the
// list on the map. Placed again after every zoom or resize. labels: [lat, lng, full, short, number,
// list line]; rule: label_place.RULE ({gap, radii, directions}).
function cmRegionLabels(map, labels, rule) {
  var group = L.layerGroup().addTo(map);
  var list = L.control({position: "bottomleft"});
  list.onAdd = function () {
    var div = L.DomUtil.create("div", "cm-numlist");
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  list.addTo(map);
  function marker(l, cls, text) {  // on the region's point; returns [marker, its element]
    var m = L.marker([l[0], l[1]], {interactive: false, keyboard: false,
      zIndexOffset: cls === "cm-num" ? 1000 : 0,
      icon: L.divIcon({className: "", iconSize: [0, 0], html: "<div class=\"" + cls + "\"></div>"})});
    m.addTo(group);
    var el = m.getElement().firstChild;
    el.textContent = text;
    return [m, el];
  }
  function rect(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
  function controls(except) {  // the map's controls (legend, title, buttons): never covered
    return Array.prototype.filter.call(
      map.getContainer().querySelectorAll(".leaflet-control"),
      function (c) { return c !== except && c.offsetParent !== null; }
    ).map(rect);
  }
  function place() {
    if (!window.innerHeight) {  // a frame not yet sized: nothing to measure; look again soon
      clearTimeout(place.later);
      place.later = setTimeout(place, 100);
      return;
    }
    group.clearLayers();
    var listDiv = list.getContainer();
    listDiv.textContent = "";
    listDiv.style.display = "none";
    var obstacles = controls(listDiv);
    // every label and callout measured on its region's point, then kept, moved or dropped
    var drawn = labels.map(function (l) {
      var lab = marker(l, "cm-lab", l[2]), box = rect(lab[1]);
      var d = {lab: lab, x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2,
               w: box[2] - box[0], h: box[3] - box[1], cw: null, ch: null};
      if (l[4]) {
        d.num = marker(l, "cm-num", String(l[4]));
        var c = rect(d.num[1]);
        d.cw = c[2] - c[0]; d.ch = c[3] - c[1];
      }
      return d;
    });
    function panel(numbered) {  // the list of numbered regions, written and measured
      listDiv.textContent = "";
      listDiv.style.display = numbered.length ? "" : "none";
      numbered.forEach(function (i) {
        var line = document.createElement("div");
        line.textContent = labels[i][4] + ". " + labels[i][5];
        listDiv.appendChild(line);
      });
      return numbered.length ? rect(listDiv) : null;
    }
    var at = cmPlaceLabels(drawn, obstacles, rule, panel);
    drawn.forEach(function (d, i) {
      if (!at.labels[i]) { group.removeLayer(d.lab[0]); }
      if (!d.num) { return; }
      var c = at.callouts[i];
      if (!c) { group.removeLayer(d.num[0]); return; }
      var el = d.num[1];  // moved from the point by the shift the rule chose
      el.style.position = "relative";
      el.style.left = ((c[0] + c[2]) / 2 - d.x) + "px";
      el.style.top = ((c[1] + c[3]) / 2 - d.y) + "px";
    });
  }
  // placed once the map is drawn, again after every zoom and whenever its frame changes size
  // (a page sizes the map's frame after the map is made: its controls move, its view stays)
  map.whenReady(function () { setTimeout(place, 0); });
  map.on("zoomend", place);
  L.DomEvent.on(window, "resize", place);
}

// The rule of coverage_map/render/label_place.py on plain boxes ([left, top, right, bottom],
// px, y down): the same steps in the same order with the same arithmetic, so that the two
// agree to the last bit (a browser test holds them to it). regions: [{x, y, w, h, cw, ch}] in
// order of priority (cw null: no figure, a name alone); obstacles: boxes never covered;
// panel(numbered): lays the list out, returns its box or null. Returns {labels, callouts:
// a box or null per region, numbered, panel}.
function cmPlaceLabels(regions, obstacles, rule, panel) {
  var gx = rule.gap[0], gy = rule.gap[1];
  function touches(a, b) {
    return a[0] < b[2] + gx && a[2] > b[0] - gx && a[1] < b[3] + gy && a[3] > b[1] - gy;
  }
  function clear(a, kept) { return !kept.some(function (b) { return touches(a, b); }); }
  function covered(a, kept) {  // summed in the order kept
    var total = 0;
    kept.forEach(function (b) {
      var w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
      var h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      if (w > 0 && h > 0) { total += w * h; }
    });
    return total;
  }
  function centred(x, y, w, h) { return [x - w / 2, y - h / 2, x + w / 2, y + h / 2]; }
  var shifts = [[0, 0]];
  rule.radii.forEach(function (r) {
    rule.directions.forEach(function (d) { shifts.push([d[0] * r, d[1] * r]); });
  });
  var blocked = obstacles.slice(), labels, kept, numbered, box;
  for (;;) {  // 1. labels of regions with a figure; 2. the list, kept clear of them
    labels = regions.map(function () { return null; });
    kept = blocked.slice();
    numbered = [];
    regions.forEach(function (r, i) {
      if (r.cw == null) { return; }
      var b = centred(r.x, r.y, r.w, r.h);
      if (clear(b, kept)) { labels[i] = b; kept.push(b); } else { numbered.push(i); }
    });
    box = panel ? panel(numbered) : null;
    if (!box || !labels.some(function (b) { return b && touches(box, b); })) { break; }
    blocked.push(box);  // the list covers a label: again, with the list kept clear
  }
  if (box) { kept.push(box); }
  var callouts = regions.map(function () { return null; });
  numbered.forEach(function (i) {  // 3. callouts: nearest clear shift, else the least covered
    var r = regions[i], best = null, least = Infinity;
    for (var s = 0; s < shifts.length; s++) {
      var b = centred(r.x + shifts[s][0], r.y + shifts[s][1], r.cw, r.ch);
      if (clear(b, kept)) { best = b; break; }
      var area = covered(b, kept);
      if (area < least) { best = b; least = area; }
    }
    callouts[i] = best;
    kept.push(best);
  });
  regions.forEach(function (r, i) {  // 4. names of regions without a figure, where free
    if (r.cw != null) { return; }
    var b = centred(r.x, r.y, r.w, r.h);
    if (clear(b, kept)) { labels[i] = b; kept.push(b); }
  });
  return {labels: labels, callouts: callouts, numbered: numbered, panel: box || null};
}
