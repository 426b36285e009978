/** A fixed-size history: pushing past capacity drops the oldest. Memory never grows. */
export class RingBuffer<T> {
	private readonly items: (T | undefined)[];
	private start = 0;
	private count = 0;

	constructor(readonly capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1)
			throw new RangeError('capacity must be a positive integer');
		this.items = new Array(capacity);
	}

	push(item: T): void {
		this.items[(this.start + this.count) % this.capacity] = item;
		if (this.count < this.capacity) this.count++;
		else this.start = (this.start + 1) % this.capacity;
	}

	get size(): number {
		return this.count;
	}

	/** Oldest first. */
	toArray(): T[] {
		return Array.from({ length: this.count }, (_, i) => this.items[(this.start + i) % this.capacity] as T);
	}

	last(): T | undefined {
		return this.count ? this.items[(this.start + this.count - 1) % this.capacity] : undefined;
	}
}
