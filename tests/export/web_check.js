// Opens a web briefing (`planview export --format web`) in Debian's chromium, driven by npm
// playwright-core (installed into the build tree by the test fixture web_npm_install), served from a
// localhost server this script starts. Prints one JSON object on stdout for the test to judge:
// - errors: console errors and uncaught exceptions; requests: failed requests, HTTP errors and any
//   request beyond the server (each aborted);
// - clicked: the layer and attributes the page lists after a click on the first probe;
// - points: where each probe (lon, lat, height from PROBES.json, computed by the test) lands on the
//   screenshot, projected through the page's own Cesium camera;
// - tour: the caption and the camera after playing the first tour's first stop: the ground point at
//   the screen's centre and the camera's distance from it.
// Usage: node web_check.js NODE_MODULES_DIR BRIEFING_DIR PROBES.json SCREENSHOT.png
'use strict';
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');

const [modules, root, probesFile, screenshot] = process.argv.slice(2);
const { chromium } = require(path.join(modules, 'playwright-core'));
const probes = JSON.parse(fs.readFileSync(probesFile, 'utf8'));

const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
                '.glb': 'model/gltf-binary', '.png': 'image/png', '.jpg': 'image/jpeg', '.wasm': 'application/wasm' };
// A static server for ROOT alone.
function serve() {
  const server = http.createServer((request, response) => {
    const file = path.join(root, decodeURIComponent(new URL(request.url, 'http://localhost').pathname));
    if (!file.startsWith(path.resolve(root))) return response.writeHead(403).end();
    fs.readFile(file.endsWith('/') ? file + 'index.html' : file, (error, data) => {
      if (error) return response.writeHead(404).end();
      response.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' }).end(data);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main() {
  const server = await serve();
  const origin = `http://127.0.0.1:${server.address().port}`;
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'planview-chromium-'));
  // A fresh profile (playwright passes it as --user-data-dir).
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    viewport: { width: 1280, height: 720 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', '--disable-quic', '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
  const result = { errors: [], requests: [], points: [], clicked: null, tour: null, seconds: {} };
  const started = Date.now(), mark = (what) => { result.seconds[what] = (Date.now() - started) / 1000; };
  try {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error') result.errors.push(m.text()); });
    page.on('pageerror', (e) => result.errors.push(String(e)));
    page.on('requestfailed', (r) => result.requests.push(`${r.url()}: ${r.failure() && r.failure().errorText}`));
    page.on('response', (r) => { if (r.status() >= 400) result.requests.push(`${r.url()}: HTTP ${r.status()}`); });
    await page.route('**/*', (route) => route.request().url().startsWith(origin) ? route.continue() : route.abort());
    await page.goto(`${origin}/index.html`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 240000 });
    mark('ready');
    await page.screenshot({ path: screenshot, timeout: 120000 });
    mark('screenshot');
    result.points = await page.evaluate((probes) => {
      const scene = window.briefing.viewer.scene;
      return probes.map((p) => {
        const at = Cesium.SceneTransforms.worldToWindowCoordinates(scene, Cesium.Cartesian3.fromDegrees(p.lon, p.lat, p.height));
        return at ? { x: at.x, y: at.y } : null;
      });
    }, probes);
    // A click on the first probe's feature: the attribute table the page shows.
    if (result.points[0]) {
      await page.mouse.click(result.points[0].x, result.points[0].y);
      await page.waitForSelector('#feature:not([hidden])', { timeout: 60000 });
      result.clicked = await page.evaluate(() => ({
        layer: document.getElementById('feature-layer').textContent,
        attributes: Object.fromEntries([...document.querySelectorAll('#attributes tr')].map((row) => [row.cells[0].textContent, row.cells[1].textContent])),
      }));
      mark('click');
    }
    // The first tour's first stop: play, then wait for its caption (shown on arrival).
    const stop = await page.evaluate(() => window.briefing.data.tours[0].stops[0]);
    await page.evaluate(() => document.getElementById('play').click());
    await page.waitForFunction(() => window.briefing.player.arrived, null, { timeout: (stop.flight + 120) * 1000 });
    result.tour = await page.evaluate(() => {
      const viewer = window.briefing.viewer, canvas = viewer.scene.canvas;
      const centre = viewer.camera.pickEllipsoid(new Cesium.Cartesian2(canvas.clientWidth / 2, canvas.clientHeight / 2));
      const ground = centre && Cesium.Cartographic.fromCartesian(centre);
      return { caption: document.getElementById('caption').textContent, captionShown: !document.getElementById('caption').hidden,
               lon: ground && Cesium.Math.toDegrees(ground.longitude), lat: ground && Cesium.Math.toDegrees(ground.latitude),
               distance: centre && Cesium.Cartesian3.distance(viewer.camera.positionWC, centre),
               cameraHeight: viewer.camera.positionCartographic.height };
    });
    mark('tour');
    await page.screenshot({ path: screenshot.replace(/\.png$/, '-tour.png'), timeout: 120000 });
  } catch (error) {
    result.errors.push(`web_check: ${error}`);
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result));
}
main();
