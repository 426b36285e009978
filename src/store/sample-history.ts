import { RingBuffer } from '../model/ring-buffer.js';
import type { StatsSample } from '../model/stats.js';

/** An hour at the stats stream's one sample a second. */
const SAMPLES_PER_CONTAINER = 3600;
/** Containers whose samples are kept; the one looked at longest ago goes first. */
const CONTAINERS_KEPT = 4;

/**
 * The stats samples the console saw this session, per container, so the stats pane's history view has
 * something to draw without a Prometheus. Bounded: an hour each, for the last few containers looked at.
 */
export class SampleHistory {
	private readonly rings = new Map<string, RingBuffer<StatsSample>>();

	constructor(
		private readonly perContainer = SAMPLES_PER_CONTAINER,
		private readonly containers = CONTAINERS_KEPT,
	) {}

	add(id: string, sample: StatsSample): void {
		let ring = this.rings.get(id);
		if (ring) this.rings.delete(id);
		else ring = new RingBuffer<StatsSample>(this.perContainer);
		// Map order is insertion order: re-inserting marks it the most recently used.
		this.rings.set(id, ring);
		ring.push(sample);
		for (const oldest of this.rings.keys()) {
			if (this.rings.size <= this.containers) break;
			this.rings.delete(oldest);
		}
	}

	samples(id: string): StatsSample[] {
		return this.rings.get(id)?.toArray() ?? [];
	}
}

/** The console's one keeper: the stats pane adds to it while it is shown. */
export const sessionSamples = new SampleHistory();
