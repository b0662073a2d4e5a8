"""Places of the routes view on a map, offline: country outlines and positions from the
`countryinfo` package (MIT; its outlines are Natural Earth's, at 1:110m), looked up by the ISO
3166-1 alpha-2 code every country of the graph carries (`place:AZ`, `htkg:iso3166Code`).

- A country sits at the package's representative point for it (`latlng`).
- A place that lies in a country sits on a small ring around the country's point, so that it
  is near its country and never on top of it (and flows between them stay visible); a city that
  is its country's capital (by name) on the side where the capital lies.
- A place with no position at all (a region the source does not name) is drawn in a band below
  the map, marked as not on it.

The projection is equirectangular, with longitudes shortened by the cosine of the map's middle
latitude (true to shape at that latitude), over the box around the places plus a margin,
widened to the drawing's aspect ratio. Nothing depends on the clock or on chance: the same
places give the same map. Outlines are rounded to 1/2000 of the map's width."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

from .model import Network, local_name

__all__ = ["MAP_ASPECT", "MapLayout", "map_layout", "country_data"]

#: Width over height of every map.
MAP_ASPECT = 1.6

#: The band below the map for places with no position, as a share of the map's height.
_BAND = 0.12


def _point(value) -> tuple[float, float] | None:
    """(latitude, longitude) from the package's [lat, lng], or None where it gives none (or
    several, as for territories made of islands)."""
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value):
        return (float(value[0]), float(value[1]))
    return None


@lru_cache(maxsize=1)
def country_data() -> dict[str, dict]:
    """ISO alpha-2 code -> {"name", "latlng", "capital", "capital_latlng", "rings"}: what the
    `countryinfo` package ships, its outlines as rings of (longitude, latitude)."""
    from countryinfo import CountryInfo

    out: dict[str, dict] = {}
    for record in CountryInfo.all().values():
        code = (record.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        rings = []
        geo = record.get("geoJSON") or {}
        for feature in geo.get("features", []) if isinstance(geo, dict) else []:
            geometry = feature.get("geometry") or {}
            polygons = geometry.get("coordinates") or []
            if geometry.get("type") == "Polygon":
                polygons = [polygons]
            for polygon in polygons:
                for ring in polygon[:1]:  # the outer ring; lakes are not drawn
                    rings.append([(float(lon), float(lat)) for lon, lat in ring])
        entry = out.setdefault(code.upper(), {"rings": []})
        entry.setdefault("name", record.get("name", code))
        point = _point(record.get("latlng"))
        if point and "latlng" not in entry:
            entry["latlng"] = point
        if isinstance(record.get("capital"), str) and "capital" not in entry:
            entry["capital"] = record["capital"]
            capital = _point(record.get("capital_latlng"))
            if capital:
                entry["capital_latlng"] = capital
        if not entry["rings"]:
            entry["rings"] = rings
    return out


@dataclass
class MapLayout:
    """Positions of the places in the unit square (x to the east, y to the north), the country
    outlines in the same coordinates, the places that are not on the map, and the box of
    longitudes and latitudes drawn."""

    positions: dict[str, tuple[float, float]]
    outlines: list[list[tuple[float, float]]] = field(default_factory=list)
    outline_codes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    extent: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # west, east, south, north

    @property
    def band(self) -> float:
        """The top of the band for places that are not on the map (0 when there is none)."""
        return _BAND if self.unplaced else 0.0


def _code(place: str, network: Network) -> str:
    info = network.places.get(place, {})
    if info.get("code"):
        return info["code"].upper()
    name = local_name(place)
    return name.upper() if len(name) == 2 and name.isalpha() and name.isupper() else ""


def _geographic(network: Network) -> tuple[dict[str, tuple[float, float]], dict[str, tuple[str, float]], list[str]]:
    """place -> (longitude, latitude) for countries; place -> (its country's place, the angle
    to set it at) for places inside a country; and the places with no position."""
    data = country_data()
    where: dict[str, tuple[float, float]] = {}
    later: list[str] = []
    for place in sorted(network.nodes):
        code = _code(place, network)
        if code and code in data and "latlng" in data[code]:
            lat, lon = data[code]["latlng"]
            where[place] = (lon, lat)
        else:
            later.append(place)
    unplaced = []
    inside: dict[str, tuple[str, float]] = {}
    slots: dict[str, int] = {}
    for place in later:
        within = [(w, c.upper()) for w, c in network.places.get(place, {}).get("within", []) if c]
        country = next(((w, c) for w, c in within if c in data and "latlng" in data[c]), None)
        if country is None:
            unplaced.append(place)
            continue
        _, code = country
        entry = data[code]
        lat, lon = entry["latlng"]
        label = network.nodes[place].label.strip().lower()
        if entry.get("capital") and entry.get("capital_latlng") and label == entry["capital"].strip().lower():
            # The capital: on the side of the country's point where it lies.
            clat, clon = entry["capital_latlng"]
            angle = math.atan2(clat - lat, (clon - lon) * math.cos(math.radians(lat)))
        else:
            slot = slots.get(code, 0)
            slots[code] = slot + 1
            angle = math.pi * (1.25 - 0.5 * slot)  # south-west first, then round the point
        country_place = next((p for p in where if _code(p, network) == code), None)
        inside[place] = (code, angle) if country_place is None else (country_place, angle)
        if country_place is None:
            where.setdefault("__" + code, (lon, lat))
    return where, inside, unplaced


#: How far from its country's point a place inside the country is drawn (share of the width).
_SATELLITE = 0.04


def map_layout(network: Network) -> MapLayout:
    where, inside, unplaced = _geographic(network)
    if where:
        lons = [p[0] for p in where.values()]
        lats = [p[1] for p in where.values()]
    else:
        lons, lats = [-20.0, 60.0], [20.0, 60.0]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    # A margin of a fifth of the span, at least 6 degrees.
    mx = max(6.0, 0.2 * (east - west))
    my = max(6.0, 0.2 * (north - south))
    west, east, south, north = west - mx, east + mx, max(-85.0, south - my), min(85.0, north + my)
    lat0 = math.radians((south + north) / 2)
    k = math.cos(lat0)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return lon * k, lat

    x0, y0 = project(west, south)
    x1, y1 = project(east, north)
    band = _BAND if unplaced else 0.0
    # Widen the shorter side so that the map (plus the band) has the drawing's aspect ratio.
    width, height = x1 - x0, (y1 - y0) / (1 - band)
    if width / height < MAP_ASPECT:
        extra = height * MAP_ASPECT - width
        x0, x1 = x0 - extra / 2, x1 + extra / 2
    else:
        extra = width / MAP_ASPECT - height
        y0, y1 = y0 - extra / 2 * (1 - band), y1 + extra / 2 * (1 - band)
        height = width / MAP_ASPECT
    span = x1 - x0
    base = y0 - band * height  # the band lies below the map

    def unit(lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return ((x - x0) / span, (y - base) / span * MAP_ASPECT)

    anchors = {place: unit(*lonlat) for place, lonlat in where.items()}
    positions = {place: tuple(round(v, 4) for v in xy) for place, xy in sorted(anchors.items()) if not place.startswith("__")}
    for place, (country, angle) in sorted(inside.items()):
        cx, cy = anchors[country] if country in anchors else anchors["__" + country]
        positions[place] = (round(cx + _SATELLITE * math.cos(angle), 4), round(cy + _SATELLITE * MAP_ASPECT * math.sin(angle), 4))
    for i, place in enumerate(unplaced):
        positions[place] = (round((i + 1) / (len(unplaced) + 1), 4), round(band / 2, 4))
    outlines, codes = [], []
    step = 1 / 2000
    for code, entry in sorted(country_data().items()):
        for ring in entry["rings"]:
            rlons = [p[0] for p in ring]
            rlats = [p[1] for p in ring]
            if max(rlons) < west - 30 or min(rlons) > east + 30 or max(rlats) < south - 20 or min(rlats) > north + 20:
                continue
            points = []
            for lon, lat in ring:
                x, y = unit(lon, lat)
                q = (round(round(x / step) * step, 4), round(round(y / step) * step, 4))
                if not points or points[-1] != q:
                    points.append(q)
            if len(points) >= 3:
                outlines.append(points)
                codes.append(code)
    # The drawn box, in degrees (longitudes back from the widened projection).
    extent = (round(x0 / k, 3), round(x1 / k, 3), round(y0 if not band else (base + band * height), 3), round(y1, 3))
    return MapLayout(positions=dict(sorted(positions.items())), outlines=outlines, outline_codes=codes,
                     unplaced=unplaced, extent=extent)
