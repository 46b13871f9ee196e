/** Where a courier was at a moment, as the courier's phone reported it. */
export interface PositionRecord {
  courierId: string;
  lat: number;
  lng: number;
  /** Degrees clockwise from north, 0 ≤ heading < 360. */
  heading: number | null;
  /** Metres per second, ≥ 0. */
  speed: number | null;
  recordedAt: Date;
}
