import { useMemo } from 'react';
import { fitProjection, type LatLng } from '../geo';

export type MarkerKind = 'store' | 'home' | 'courier' | 'waiting';
/** Courier states and store load each have a colour and, for those who cannot tell colours apart, a letter. */
export type Tone = 'idle' | 'offered' | 'busy' | 'calm' | 'loaded' | 'full' | 'neutral' | 'alert';

export interface MapMarker {
  id: string;
  kind: MarkerKind;
  at: LatLng;
  /** What a screen reader says about the marker (and the tooltip). */
  label: string;
  tone?: Tone;
  /** One or two characters drawn on the marker. */
  glyph?: string;
  testId?: string;
}

interface Props {
  /** The map's accessible name. */
  title: string;
  markers: readonly MapMarker[];
  /** Lines drawn under the markers (a courier's route so far). */
  trails?: readonly { id: string; points: readonly LatLng[] }[];
  /** Points the view is fitted to; all markers when omitted. */
  frame?: readonly LatLng[];
  width?: number;
  height?: number;
}

const SIZE: Record<MarkerKind, number> = { store: 9, home: 8, courier: 8, waiting: 6 };

/**
 * The city drawn from our own coordinates, offline: stores, doors, couriers and waiting orders
 * projected onto an SVG (see `geo.ts`), with a scale bar. The list beside each map says the same in
 * words, so the map itself is one labelled image.
 */
export function CityMap({ title, markers, trails = [], frame, width = 640, height = 420 }: Props) {
  const framePoints = frame ?? markers.map((m) => m.at);
  const frameKey = framePoints.map((p) => `${p.lat.toFixed(4)},${p.lng.toFixed(4)}`).join(';');
  // Refitted only when the framed points move, not on every render.
  const projection = useMemo(() => fitProjection(framePoints, width, height, 28), [frameKey, width, height]);
  const scaleMetres = niceMetres(projection.metresPerUnit * width * 0.25);
  const scaleUnits = scaleMetres / projection.metresPerUnit;

  return (
    <svg className="city-map" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} data-testid="city-map">
      <title>{title}</title>
      <rect x={0} y={0} width={width} height={height} className="map-ground" />
      <Grid width={width} height={height} step={Math.max(24, 1000 / projection.metresPerUnit)} />
      {trails.map((trail) => (
        <polyline key={trail.id} className="map-trail" points={trail.points.map((p) => projection.project(p)).map((xy) => `${xy.x.toFixed(1)},${xy.y.toFixed(1)}`).join(' ')} />
      ))}
      {markers.map((marker) => {
        const { x, y } = projection.project(marker.at);
        return (
          <g
            key={`${marker.kind}:${marker.id}`}
            className={`map-marker map-${marker.kind} tone-${marker.tone ?? 'neutral'}`}
            transform={`translate(${x.toFixed(1)} ${y.toFixed(1)})`}
            data-testid={marker.testId}
            data-lat={marker.at.lat}
            data-lng={marker.at.lng}
          >
            <title>{marker.label}</title>
            <Shape kind={marker.kind} />
            {marker.glyph ? (
              <text className="map-glyph" textAnchor="middle" dy="0.35em">
                {marker.glyph}
              </text>
            ) : null}
          </g>
        );
      })}
      <g transform={`translate(${16} ${height - 16})`} className="map-scale" aria-hidden="true">
        <line x1={0} y1={0} x2={scaleUnits} y2={0} />
        <line x1={0} y1={-4} x2={0} y2={4} />
        <line x1={scaleUnits} y1={-4} x2={scaleUnits} y2={4} />
        <text x={scaleUnits / 2} y={-7} textAnchor="middle">
          {scaleMetres >= 1000 ? `${scaleMetres / 1000} km` : `${scaleMetres} m`}
        </text>
      </g>
    </svg>
  );
}

function Shape({ kind }: { kind: MarkerKind }) {
  const r = SIZE[kind];
  switch (kind) {
    case 'store':
      return <rect x={-r} y={-r} width={2 * r} height={2 * r} rx={2} className="map-shape" />;
    case 'home':
      return <path d={`M0 ${-r - 3} L${r + 2} 0 L${r} 0 L${r} ${r} L${-r} ${r} L${-r} 0 L${-r - 2} 0 Z`} className="map-shape" />;
    case 'waiting':
      return <path d={`M0 ${-r - 2} L${r + 2} 0 L0 ${r + 2} L${-r - 2} 0 Z`} className="map-shape" />;
    default:
      return <circle r={r} className="map-shape" />;
  }
}

function Grid({ width, height, step }: { width: number; height: number; step: number }) {
  const xs = Array.from({ length: Math.floor(width / step) + 1 }, (_, i) => i * step);
  const ys = Array.from({ length: Math.floor(height / step) + 1 }, (_, i) => i * step);
  return (
    <g className="map-grid" aria-hidden="true">
      {xs.map((x) => (
        <line key={`x${x}`} x1={x} y1={0} x2={x} y2={height} />
      ))}
      {ys.map((y) => (
        <line key={`y${y}`} x1={0} y1={y} x2={width} y2={y} />
      ))}
    </g>
  );
}

/** A round length for the scale bar: 1, 2 or 5 times a power of ten metres. */
function niceMetres(metres: number): number {
  const power = 10 ** Math.floor(Math.log10(Math.max(1, metres)));
  const unit = metres / power;
  return (unit >= 5 ? 5 : unit >= 2 ? 2 : 1) * power;
}
