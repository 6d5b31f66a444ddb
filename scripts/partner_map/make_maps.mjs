// Projects Natural Earth's land and country borders (npm world-atlas, public domain data) once
// into the base maps of the partner page, and writes how each map is projected, so that the
// portal (programme/partner_map.py) places partners on them by latitude and longitude.
//
//   make partner-map    (runs: cd scripts/partner_map && npm ci && node make_maps.mjs)
//
// Writes static/img/partner-map/<panel>.svg and programme/partner_map.json. Run again only to
// change a panel: the files are kept in the repository.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature, mesh } from "topojson-client";

const root = new URL("../../", import.meta.url);
const atlas = (name) =>
  JSON.parse(readFileSync(new URL(`node_modules/world-atlas/${name}`, import.meta.url)));

// A panel: the whole world, or an inset where partners crowd one region. `box` is the region
// shown, [west, south, east, north] in degrees; `width` the panel's width in SVG units.
const PANELS = [
  { name: "world", scale: "110m", width: 960, box: [-180, -56, 180, 84], rotate: 0 },
  { name: "europe", scale: "50m", width: 480, box: [-2, 40.5, 18, 55], rotate: -8 },
  { name: "east-asia", scale: "50m", width: 480, box: [123, 31.5, 135, 39.5], rotate: -129 },
];

const SEA = "#dfeaf3";
const LAND = "#f7f4ec";
const BORDER = "#b9b2a2";
const COAST = "#8fa3b5";

function corners([west, south, east, north]) {
  const points = [];
  for (let i = 0; i <= 8; i++) {
    const lon = west + ((east - west) * i) / 8;
    const lat = south + ((north - south) * i) / 8;
    points.push([lon, south], [lon, north], [west, lat], [east, lat]);
  }
  return { type: "MultiPoint", coordinates: points };
}

const frames = {};
mkdirSync(new URL("static/img/partner-map/", root), { recursive: true });
for (const panel of PANELS) {
  const topology = atlas(`countries-${panel.scale}.json`);
  const countries = topology.objects.countries;
  const land = atlas(`land-${panel.scale}.json`);
  const projection = geoNaturalEarth1().rotate([panel.rotate, 0]).fitWidth(panel.width, corners(panel.box));
  const region = geoPath(projection).bounds(corners(panel.box));
  const height = Math.ceil(region[1][1]);
  projection.clipExtent([[0, 0], [panel.width, height]]);
  const path = geoPath(projection).digits(1);
  const shore = path(feature(land, land.objects.land));
  const borders = path(mesh(topology, countries, (a, b) => a !== b));
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${panel.width} ${height}" ` +
    `width="${panel.width}" height="${height}">\n` +
    `<rect width="${panel.width}" height="${height}" fill="${SEA}"/>\n` +
    `<path fill="${LAND}" stroke="${COAST}" stroke-width="0.6" d="${shore}"/>\n` +
    `<path fill="none" stroke="${BORDER}" stroke-width="0.6" d="${borders}"/>\n` +
    `</svg>\n`;
  writeFileSync(new URL(`static/img/partner-map/${panel.name}.svg`, root), svg);
  const checks = [[0, 0], [5.47778, 51.44083], [127.38493, 36.34913], [-74.00597, 40.71427], [106.6519, 10.9804]];
  frames[panel.name] = {
    projection: "naturalEarth1",
    width: panel.width,
    height,
    box: panel.box,
    rotate: panel.rotate,
    scale: projection.scale(),
    translate: projection.translate(),
    // Points as d3-geo projects them: tests check that the portal projects them alike.
    checks: checks.map(([lon, lat]) => [lon, lat, ...projection([lon, lat])]),
  };
}
writeFileSync(new URL("programme/partner_map.json", root), JSON.stringify(frames, null, 2) + "\n");
