// figuren overlay self-test. On load it measures whether the overlay lines up with the
// raster, in the browser, from the pixels, and writes the result as JSON into the
// data-selftest attribute of the body:
//   svg_box, image_box, box_delta_px: the SVG's and the image's boxes on screen (CSS px) and
//     their largest difference;
//   words, aligned, aligned_fraction: word boxes (visible, upright) whose position fits the
//     ink of the raster: ink inside the box, no ink in the 1-pt strips left and right of it,
//     (between the baseline and the height of capitals), and ink in the x-height band (a
//     tenth of that band's pixels or more), and the ink's centre of mass in that band;
//   cells_drawn, cells_expected: table cells drawn, and the table cells the reading has on
//     this page.
// Test hook: `page-003.html?shift=2,0` moves the whole overlay by 2 pt right (`0,4`: 4 pt
// down) before measuring; a shifted overlay must not look aligned.
(function () {
  "use strict";
  function write(out) {
    document.body.setAttribute("data-selftest", JSON.stringify(out));
  }
  function box(r) {
    return [r.left, r.top, r.width, r.height].map(function (v) { return Math.round(v * 1000) / 1000; });
  }
  function run() {
    var out = { page: Number(document.body.dataset.page) };
    var shift = [0, 0];
    var m = /[?&]shift=(-?[0-9.]+),(-?[0-9.]+)/.exec(location.search);
    if (m) {
      shift = [Number(m[1]) || 0, Number(m[2]) || 0];
      document.getElementById("content").setAttribute("transform", "translate(" + shift[0] + " " + shift[1] + ")");
    }
    out.shift = shift;
    out.cells_drawn = document.querySelectorAll("#layer-cells rect.cell").length;
    out.cells_expected = Number(document.body.dataset.cells);
    var svg = document.getElementById("overlay");
    var sr = svg.getBoundingClientRect();
    out.svg_box = box(sr);
    var img = document.getElementById("raster");
    if (!img) {
      out.raster = false;
      write(out);
      return;
    }
    out.raster = true;
    var ir = img.getBoundingClientRect();
    out.image_box = box(ir);
    out.box_delta_px = Math.max(
      Math.abs(sr.left - ir.left), Math.abs(sr.top - ir.top),
      Math.abs(sr.right - ir.right), Math.abs(sr.bottom - ir.bottom));
    var W = img.naturalWidth, H = img.naturalHeight;
    var lum;
    try {
      var c = document.createElement("canvas");
      c.width = W;
      c.height = H;
      var ctx = c.getContext("2d", { willReadFrequently: true });
      ctx.drawImage(img, 0, 0);
      var d = ctx.getImageData(0, 0, W, H).data;
      lum = new Uint8Array(W * H);
      for (var i = 0, j = 0; i < lum.length; i++, j += 4) {
        lum[i] = (d[j] * 299 + d[j + 1] * 587 + d[j + 2] * 114) / 1000;
      }
    } catch (e) {
      out.error = "pixels unreadable: " + e;
      write(out);
      return;
    }
    var kx = W / ir.width, ky = H / ir.height;
    // [x0, x1) x [y0, y1) in raster pixels, clipped
    function px(m, x, y) {
      var p = new DOMPoint(x, y).matrixTransform(m);
      return [(p.x - ir.left) * kx, (p.y - ir.top) * ky];
    }
    function region(m, x0, y0, x1, y1) {
      var a = px(m, x0, y0), b = px(m, x1, y1);
      return [
        Math.max(0, Math.min(W, Math.round(Math.min(a[0], b[0])))),
        Math.max(0, Math.min(H, Math.round(Math.min(a[1], b[1])))),
        Math.max(0, Math.min(W, Math.round(Math.max(a[0], b[0])))),
        Math.max(0, Math.min(H, Math.round(Math.max(a[1], b[1])))),
      ];
    }
    function brightest(r) {
      var best = 0;
      for (var y = r[1]; y < r[3]; y++) for (var x = r[0]; x < r[2]; x++) {
        var v = lum[y * W + x];
        if (v > best) best = v;
      }
      return best;
    }
    function inkCount(r, limit) {
      var n = 0;
      for (var y = r[1]; y < r[3]; y++) for (var x = r[0]; x < r[2]; x++) {
        if (lum[y * W + x] < limit) n++;
      }
      return n;
    }
    var words = document.querySelectorAll("#layer-words rect.w");
    var counted = 0, aligned = 0;
    for (var k = 0; k < words.length; k++) {
      var w = words[k];
      if (w.classList.contains("inv") || w.classList.contains("rot")) continue;
      var x0 = Number(w.getAttribute("x")), y0 = Number(w.getAttribute("y"));
      var x1 = x0 + Number(w.getAttribute("width")), y1 = y0 + Number(w.getAttribute("height"));
      var b = Number(w.dataset.b), s = Number(w.dataset.s);
      if (!(x1 > x0 && y1 > y0 && s > 0)) continue;
      counted++;
      var cm = w.getScreenCTM();
      if (!cm) continue;
      var inside = region(cm, x0, y0, x1, y1);
      var around = region(cm, x0 - 1, y0, x1 + 1, y1);
      var bg = brightest(around);
      if (bg < 128) continue; // light text on a dark fill: not measured, not aligned
      var limit = bg - 96;
      if (inkCount(inside, limit) < 2) continue;
      // the strips span the letters above the baseline, not the descent and the space
      // above capitals, where a table's ruling lines may pass
      var top = Math.max(y0, b - 0.7 * s), bottom = Math.min(y1, b);
      var left = region(cm, x0 - 1, top, x0, bottom);
      var right = region(cm, x1, top, x1 + 1, bottom);
      if (inkCount(left, limit) > 0 || inkCount(right, limit) > 0) continue;
      var band = region(cm, x0, b - 0.4 * s, x1, b - 0.15 * s);
      var area = (band[2] - band[0]) * (band[3] - band[1]);
      if (area <= 0 || inkCount(band, limit) < 0.1 * area) continue;
      // the ink's centre of mass sits in the x-height band (0.2-0.35 of the size above the
      // baseline on the test pages): a box moved down by a third of an em still has ink in
      // its x-height band, from the letters' feet, but its centre is 0.55 sizes up
      var ys = 0, cnt = 0;
      for (var y = inside[1]; y < inside[3]; y++) for (var x = inside[0]; x < inside[2]; x++) {
        if (lum[y * W + x] < limit) { ys += y + 0.5; cnt++; }
      }
      var pb = px(cm, x0, b)[1], pt = px(cm, x0, b - s)[1];
      var centre = (pb - ys / cnt) / (pb - pt);
      if (!(centre > 0.1 && centre < 0.45)) continue;
      aligned++;
    }
    out.words = counted;
    out.aligned = aligned;
    out.aligned_fraction = counted ? Math.round((aligned / counted) * 10000) / 10000 : null;
    write(out);
  }
  window.addEventListener("load", function () {
    try { run(); } catch (e) { write({ error: String(e) }); }
  });
})();
