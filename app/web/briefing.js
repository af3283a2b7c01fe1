// The briefing's viewer: reads briefing.json (written by `planview export --format web`), shows each
// layer's 3D Tiles tileset on a plain globe (no imagery, terrain or geocoder: CesiumJS never reaches
// for Cesium ion or any other server), the legend, the bookmarks, a tour player like the viewer's
// presentation mode, and the attributes of a clicked feature. `window.briefing` exposes the viewer
// and the player's state to tests.
"use strict";

(async function () {
  const $ = (id) => document.getElementById(id);
  const briefing = await (await fetch("briefing.json")).json();
  document.title = briefing.title;
  $("title").textContent = briefing.title;
  $("attribution").textContent = briefing.attribution || "";

  const viewer = new Cesium.Viewer("map", {
    baseLayer: false, baseLayerPicker: false, geocoder: false, terrainProvider: new Cesium.EllipsoidTerrainProvider(),
    animation: false, timeline: false, homeButton: false, sceneModePicker: false, navigationHelpButton: false,
    fullscreenButton: false, infoBox: false, selectionIndicator: false,
    // Frames only when something changes (a flight, tiles arriving, a click): a still briefing leaves
    // the laptop's processor alone.
    requestRenderMode: true, maximumRenderTimeChange: Infinity,
  });
  const scene = viewer.scene;
  scene.globe.baseColor = Cesium.Color.fromCssColorString("#e8e6df");
  // The project's imagery (a hillshade, an orthophoto), one PNG in lon/lat draped on the globe.
  if (briefing.imagery) {
    const [w, s, e, n] = briefing.imagery.rectangle;
    const provider = await Cesium.SingleTileImageryProvider.fromUrl(briefing.imagery.url, { rectangle: Cesium.Rectangle.fromDegrees(w, s, e, n) });
    viewer.imageryLayers.addImageryProvider(provider);
  }
  // A fixed light from the south-west and above the briefing's centre: the same shading at any hour.
  const [west, south, east, north] = briefing.extent;
  const centre = Cesium.Cartesian3.fromDegrees((west + east) / 2, (south + north) / 2);
  const enu = Cesium.Transforms.eastNorthUpToFixedFrame(centre);
  const towards = Cesium.Matrix4.multiplyByPointAsVector(enu, new Cesium.Cartesian3(0.35, 0.45, -0.82), new Cesium.Cartesian3());
  scene.light = new Cesium.DirectionalLight({ direction: Cesium.Cartesian3.normalize(towards, towards), intensity: 2.5 });

  // A camera placement of briefing.json: the target on the ground and the camera `distance` away.
  function fly(camera, seconds, done) {
    const target = new Cesium.BoundingSphere(Cesium.Cartesian3.fromDegrees(camera.lon, camera.lat, camera.height), 0);
    const offset = new Cesium.HeadingPitchRange(Cesium.Math.toRadians(camera.heading), Cesium.Math.toRadians(-camera.pitch), camera.distance);
    viewer.camera.flyToBoundingSphere(target, { offset, duration: seconds, complete: done, cancel: done });
  }
  function home(seconds) {
    if (briefing.home) fly(briefing.home, seconds);
    else viewer.camera.flyTo({ destination: Cesium.Rectangle.fromDegrees(west, south, east, north), duration: seconds });
  }

  // Layers and their legend: a tileset each, shown or hidden by its check box.
  const tilesets = {};
  for (const layer of briefing.layers) {
    const tileset = await Cesium.Cesium3DTileset.fromUrl(layer.tileset);
    scene.primitives.add(tileset);
    tilesets[layer.name] = tileset;
    const div = document.createElement("div");
    div.className = "layer";
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.onchange = () => { tileset.show = box.checked; };
    label.append(box, " " + layer.name);
    div.append(label);
    for (const entry of layer.legend) {
      const row = document.createElement("div");
      row.className = "class";
      const swatch = document.createElement("span");
      swatch.className = "swatch";
      swatch.style.background = entry.color;
      row.append(swatch, entry.text);
      div.append(row);
    }
    layer.box = box;
    $("legend").append(div);
  }
  // A bookmark's `layers` shows those alone.
  function showLayers(names) {
    if (!names) return;
    for (const layer of briefing.layers) {
      layer.box.checked = names.includes(layer.name);
      tilesets[layer.name].show = layer.box.checked;
    }
  }

  const bookmarks = {};
  for (const b of briefing.bookmarks) {
    bookmarks[b.name] = b;
    const button = document.createElement("button");
    button.textContent = b.name;
    button.onclick = () => { stopTour(); showLayers(b.layers); fly(b, 2); };
    const item = document.createElement("li");
    item.append(button);
    $("bookmarks").append(item);
  }

  // The tour player: each stop flies to its bookmark in `flight` seconds, then shows its caption
  // for `dwell` seconds; play runs on to the end, next and previous step one stop.
  const player = { tour: 0, stop: -1, playing: false, arrived: false, timer: null };
  const tours = briefing.tours;
  if (tours.length === 0) $("tour-section").hidden = true;
  tours.forEach((t, i) => $("tour").append(new Option(t.name, i)));
  $("tour").onchange = () => { stopTour(); player.tour = Number($("tour").value); player.stop = -1; $("caption").hidden = true; };
  function stopTour() {
    player.playing = false;
    clearTimeout(player.timer);
    $("play").textContent = "▶";
  }
  function goTo(index) {
    const stops = tours[player.tour].stops;
    if (index < 0 || index >= stops.length) return stopTour();
    clearTimeout(player.timer);
    player.stop = index;
    player.arrived = false;
    $("stop-number").textContent = `${index + 1} / ${stops.length}`;
    const stop = stops[index], b = bookmarks[stop.bookmark];
    showLayers(b.layers);
    fly(b, stop.flight, () => {
      if (player.stop !== index) return;
      player.arrived = true;
      $("caption").textContent = stop.caption;
      $("caption").hidden = !stop.caption;
      if (player.playing) player.timer = setTimeout(() => goTo(index + 1), stop.dwell * 1000);
    });
  }
  $("play").onclick = () => {
    if (player.playing) return stopTour();
    player.playing = true;
    $("play").textContent = "❚❚";
    const stops = tours[player.tour].stops;
    goTo(player.stop + 1 < stops.length ? player.stop + 1 : 0);
  };
  $("next").onclick = () => { stopTour(); goTo(player.stop + 1); };
  $("prev").onclick = () => { stopTour(); goTo(Math.max(player.stop - 1, 0)); };

  // A click on a feature shows its attributes (the tiles' EXT_structural_metadata property table).
  new Cesium.ScreenSpaceEventHandler(scene.canvas).setInputAction((click) => {
    const picked = scene.pick(click.position);
    if (!(picked instanceof Cesium.Cesium3DTileFeature)) return ($("feature").hidden = true);
    const layer = Object.keys(tilesets).find((name) => tilesets[name] === picked.tileset) || "";
    $("feature-layer").textContent = layer;
    const table = $("attributes");
    table.replaceChildren();
    for (const id of picked.getPropertyIds()) {
      const row = table.insertRow();
      row.insertCell().textContent = id;
      const value = picked.getProperty(id);
      row.insertCell().textContent = value === undefined || value === null ? "" : String(value);
    }
    $("feature").hidden = false;
  }, Cesium.ScreenSpaceEventType.LEFT_CLICK);

  home(0);
  // Ready once every tileset has loaded the tiles the first view needs.
  const ready = new Promise((resolve) => {
    const check = () => {
      if (Object.values(tilesets).every((t) => t.tilesLoaded)) {
        scene.postRender.removeEventListener(check);
        resolve();
      }
    };
    scene.postRender.addEventListener(check);
  });
  window.briefing = { viewer, tilesets, player, data: briefing, ready };
  await ready;
  document.body.dataset.ready = "true";
})().catch((error) => {
  console.error("briefing: " + (error && error.stack ? error.stack : error));
});
