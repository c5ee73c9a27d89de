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
  function marker(l, cls, text) {
    var m = L.marker([l[0], l[1]], {interactive: false, keyboard: false,
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
  function place() {
    group.clearLayers();
    var boxes = [], numbered = [];
    labels.forEach(function (l) {  // [lat, lng, full, short, number, list line]
      var tries = [l[2]];
      for (var i = 0; i < tries.length; i++) {
        var placed = marker(l, i === 0 ? "cm-lab" : "cm-lab cm-lab-s", tries[i]);
        if (!overlaps(placed[1], boxes)) { boxes.push(placed[1]); return; }
        group.removeLayer(placed[0]);
      }
      if (l[4]) { numbered.push(l); }
    });
    numbered.forEach(function (l) { boxes.push(marker(l, "cm-num", String(l[4]))[1]); });
    var div = list.getContainer();
    div.textContent = "";
    div.style.display = numbered.length ? "" : "none";
    numbered.forEach(function (l) {
      var line = document.createElement("div");
      line.textContent = l[4] + ". " + l[5];
      div.appendChild(line);
    });
  }
  map.whenReady(function () { setTimeout(place, 0); });
  map.on("zoomend", place);
}
