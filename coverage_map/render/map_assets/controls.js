// On a touch screen one finger scrolls the page (pinch zooms and pans), and a control
// returns to the whole view (fitted as the map first was). o: {label, bounds, padding:
// [top left, bottom right]}.
function cmTouchAndHome(map, o) {
  if (L.Browser.mobile || L.Browser.touch && window.matchMedia("(pointer: coarse)").matches) {
    map.dragging.disable();  // one finger: the page scrolls; pinch: zoom and pan
    map.tap && map.tap.disable && map.tap.disable();
  }
  var home = L.control({position: "topleft"});
  home.onAdd = function () {
    var a = L.DomUtil.create("a", "cm-home leaflet-bar");
    a.href = "#"; a.setAttribute("role", "button");
    a.title = o.label; a.setAttribute("aria-label", o.label);
    a.textContent = "\u2302";
    L.DomEvent.on(a, "click", function (e) {
      L.DomEvent.preventDefault(e); L.DomEvent.stopPropagation(e);
      map.fitBounds(o.bounds, {paddingTopLeft: o.padding[0], paddingBottomRight: o.padding[1]});
    });
    return a;
  };
  home.addTo(map);
}

// A scale bar in kilometres only (Leaflet's own also shows miles).
function cmKmScale(map) {
  L.control.scale({imperial: false, position: "bottomleft"}).addTo(map);
}

// folium makes every marker with Leaflet's default image icon before giving it its own,
// and Leaflet then asks for images at a wrong path: an empty default icon avoids both.
function cmNoImageMarkers() {
  L.Marker.prototype.options.icon = L.divIcon({className: "", iconSize: [0, 0], html: ""});
}
