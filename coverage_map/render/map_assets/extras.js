// The frame of a choropleth: sea colour, attribution, the legend and title panels, the
// map's own CSS and the SVG hatch patterns. o: {sea, attribution, legend_html, title_html,
// extra_css, pattern, legend_show, legend_hide} (texts already escaped by the server).
// The legend folds behind a button (folded at first on a map under 500 px wide: on a phone
// it would cover regions that cannot be dragged into view).
function cmMapExtras(map, o) {
  map.getContainer().style.background = o.sea;
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution(o.attribution);
  map.attributionControl.getContainer().style.fontSize = "11px";
  var legend = L.control({position: "bottomright"});
  legend.onAdd = function () {
    var div = L.DomUtil.create("div", "cm-legend");
    var button = L.DomUtil.create("button", "cm-legend-toggle", div);
    button.type = "button";
    var body = L.DomUtil.create("div", "cm-legend-body", div);
    body.innerHTML = o.legend_html;
    function fold(folded) {
      div.classList.toggle("cm-folded", folded);
      button.textContent = folded ? o.legend_show : o.legend_hide;
      button.setAttribute("aria-expanded", folded ? "false" : "true");
    }
    fold(map.getContainer().clientWidth < 500);
    L.DomEvent.on(button, "click", function (e) {
      L.DomEvent.stop(e); fold(!div.classList.contains("cm-folded"));
    });
    L.DomEvent.disableClickPropagation(div);
    L.DomEvent.disableScrollPropagation(div);
    return div;
  };
  legend.addTo(map);
  if (o.title_html) {
    var title = L.control({position: "topright"});
    title.onAdd = function () {
      var div = L.DomUtil.create("div", "cm-title");
      div.innerHTML = o.title_html;
      return div;
    };
    title.addTo(map);
  }
  if (o.extra_css) {
    var style = document.createElement("style");
    style.textContent = o.extra_css;
    document.head.appendChild(style);
  }
  var svg = map.getPanes().overlayPane.querySelector("svg");
  if (svg && !svg.querySelector("#tanpa-data")) {
    var ns = "http://www.w3.org/2000/svg";
    var defs = document.createElementNS(ns, "defs");
    defs.innerHTML = o.pattern;
    svg.insertBefore(defs, svg.firstChild);
  }
}
