// Each region's name with its value, placed in the browser: the name with the value, then
// the value alone; where neither fits, a numbered callout and a line in the list panel.
// Placed again after every zoom. labels: [lat, lng, full, short, number, list line].
function cmRegionLabels(map, labels) {
  var group = L.layerGroup().addTo(map);
  var list = L.control({position: "bottomleft"});
  list.onAdd = function () {
    var div = L.DomUtil.create("div", "cm-numlist");
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  list.addTo(map);
  function marker(l, cls, text, shift) {  // shift: [dx, dy] px from the region's point
    var at = [l[0], l[1]];
    if (shift) {
      at = map.containerPointToLatLng(map.latLngToContainerPoint(at).add(shift));
    }
    var m = L.marker(at, {interactive: false, keyboard: false,
      zIndexOffset: cls === "cm-num" ? 1000 : 0,
      icon: L.divIcon({className: "", iconSize: [0, 0], html: "<div class=\"" + cls + "\"></div>"})});
    m.addTo(group);
    var el = m.getElement().firstChild;
    el.textContent = text;
    return [m, el.getBoundingClientRect()];
  }
  function overlaps(a, boxes) {
    return boxes.some(function (b) {
      return a.left < b.right + 2 && a.right > b.left - 2 && a.top < b.bottom + 1 && a.bottom > b.top - 1;
    });
  }
  // where a callout may go when its region's point is taken: nearest first, at most 120 px off
  var SHIFTS = [[0, 0]];
  [12, 24, 36, 48, 64, 80, 100, 120].forEach(function (r) {
    [[0, -1], [1, 0], [0, 1], [-1, 0], [1, -1], [1, 1], [-1, 1], [-1, -1]].forEach(function (d) {
      SHIFTS.push([d[0] * r, d[1] * r]);
    });
  });
  function controls(except) {  // the map's controls (legend, title, buttons): never covered
    return Array.prototype.filter.call(
      map.getContainer().querySelectorAll(".leaflet-control"),
      function (c) { return c !== except && c.offsetParent !== null; }
    ).map(function (c) { return c.getBoundingClientRect(); });
  }
  function covered(a, boxes) {  // the area of ``a`` other boxes cover
    return boxes.reduce(function (sum, b) {
      var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      return sum + (w > 0 && h > 0 ? w * h : 0);
    }, 0);
  }
  function place() {
    group.clearLayers();
    var listDiv = list.getContainer();
    var boxes = controls(listDiv), numbered = [];
    labels.forEach(function (l) {  // [lat, lng, full, short, number, list line]
      var tries = [l[2]];
      for (var i = 0; i < tries.length; i++) {
        var placed = marker(l, i === 0 ? "cm-lab" : "cm-lab cm-lab-s", tries[i]);
        if (!overlaps(placed[1], boxes)) { boxes.push(placed[1]); return; }
        group.removeLayer(placed[0]);
      }
      if (l[4]) { numbered.push(l); }
    });
    var div = listDiv;  // the list first: the callouts keep clear of it too
    div.textContent = "";
    div.style.display = numbered.length ? "" : "none";
    numbered.forEach(function (l) {
      var line = document.createElement("div");
      line.textContent = l[4] + ". " + l[5];
      div.appendChild(line);
    });
    if (numbered.length) { boxes.push(div.getBoundingClientRect()); }
    numbered.forEach(function (l) {  // each callout where it covers nothing, nearest first;
      // with no such place, where it covers least
      var best = null, bestArea = Infinity;
      for (var i = 0; i < SHIFTS.length; i++) {
        var placed = marker(l, "cm-num", String(l[4]), SHIFTS[i]);
        if (!overlaps(placed[1], boxes)) { boxes.push(placed[1]); return; }
        group.removeLayer(placed[0]);
        var area = covered(placed[1], boxes);
        if (area < bestArea) { best = SHIFTS[i]; bestArea = area; }
      }
      boxes.push(marker(l, "cm-num", String(l[4]), best)[1]);
    });
  }
  map.whenReady(function () { setTimeout(place, 0); });
  map.on("zoomend", place);
}
