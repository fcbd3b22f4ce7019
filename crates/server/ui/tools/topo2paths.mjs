// Converts Natural Earth TopoJSON (the npm package world-atlas) into the UI's
// compact world outline asset: one SVG path per country in an equirectangular
// frame (x = longitude, y = -latitude, 0.1 degree precision).
// Usage: node topo2paths.mjs countries-110m.json > ../world.json
import { readFileSync } from "node:fs";

const topo = JSON.parse(readFileSync(process.argv[2], "utf8"));
const [sx, sy] = topo.transform.scale;
const [tx, ty] = topo.transform.translate;

// Arcs are delta-encoded integer positions; decode them to longitude/latitude once.
const arcs = topo.arcs.map((arc) => {
  let x = 0, y = 0;
  return arc.map(([dx, dy]) => {
    x += dx; y += dy;
    return [x * sx + tx, y * sy + ty];
  });
});

function ring(indices) {
  const pts = [];
  for (const i of indices) {
    const a = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    // Consecutive arcs share their joining point.
    pts.push(...(pts.length ? a.slice(1) : a));
  }
  return pts;
}

const r = (v) => Math.round(v * 10) / 10;
function pathOf(rings) {
  let d = "";
  for (const pts of rings) {
    let prev = null, seg = "";
    let n = 0;
    for (const [lon, lat] of pts) {
      const p = [r(lon), r(-lat)];
      if (prev && p[0] === prev[0] && p[1] === prev[1]) continue;
      seg += (n === 0 ? "M" : "L") + p[0] + " " + p[1];
      prev = p; n++;
    }
    if (n >= 3) d += seg + "Z";
  }
  return d;
}

const out = [];
for (const g of topo.objects.countries.geometries) {
  let polys = [];
  if (g.type === "Polygon") polys = [g.arcs];
  else if (g.type === "MultiPolygon") polys = g.arcs;
  else continue;
  const rings = polys.flatMap((poly) => poly.map(ring));
  const d = pathOf(rings);
  if (d) out.push({ id: g.id ?? null, name: g.properties?.name ?? "", d });
}
out.sort((a, b) => a.name.localeCompare(b.name));
process.stdout.write(JSON.stringify({
  source: "Natural Earth 1:110m countries via the npm package world-atlas (TopoJSON); public domain",
  frame: "equirectangular, x = longitude, y = -latitude, degrees",
  countries: out,
}) + "\n");
