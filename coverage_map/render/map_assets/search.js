// "Cari wilayah": a box on the map that finds a region by any part of its name and goes to
// it (map.cmFocus, topo_layer.js): the list below the box shows the regions whose name has
// what is typed; a tap on one, or Enter for the first, zooms to it and opens its text.
// o: {label, none}.
function cmRegionSearch(map, o) {
  var box = L.control({position: "topright"});
  box.onAdd = function () {
    var div = L.DomUtil.create("div", "cm-search");
    var input = L.DomUtil.create("input", "", div), list = L.DomUtil.create("div", "", div);
    input.type = "search"; input.placeholder = o.label; input.autocomplete = "off";
    input.setAttribute("aria-label", o.label); input.setAttribute("enterkeyhint", "search");
    list.setAttribute("role", "listbox"); list.className = "cm-search-list";
    function hits() {
      var q = input.value.trim().toLowerCase();
      return map.cmRegions.filter(function (r) { return r[1].toLowerCase().indexOf(q) >= 0; });
    }
    function show() {
      list.textContent = "";
      var found = hits();
      found.forEach(function (r) {
        var b = L.DomUtil.create("button", "", list);
        b.type = "button"; b.textContent = r[1]; b.setAttribute("role", "option");
        L.DomEvent.on(b, "click", function (e) { L.DomEvent.stop(e); go(r); });
      });
      if (!found.length) { L.DomUtil.create("div", "cm-search-none", list).textContent = o.none; }
      list.style.display = "block";
    }
    function hide() { list.style.display = "none"; }
    function go(r) {
      input.value = r[1]; hide(); input.blur(); map.cmFocus(r[0]);
    }
    L.DomEvent.on(input, "input focus", show);
    L.DomEvent.on(input, "keydown", function (e) {
      if (e.key === "Enter") { var found = hits(); if (found.length) { go(found[0]); } }
      if (e.key === "Escape") { hide(); }
    });
    map.on("click zoomstart", hide);
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    L.DomEvent.on(div, "click", L.DomEvent.stopPropagation);  // not part of a double tap
    hide();
    return div;
  };
  box.addTo(map);
}
