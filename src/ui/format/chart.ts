import asciichart from 'asciichart';

/** An asciichart plot from 0 to at least `max`, with an optional flat limit line. */
export function chart(series: number[], max: number, limit: number | null = null, unit = '%'): string {
	const values = series.length ? series : [0];
	const top = Math.max(max, limit ?? 0, ...values);
	// Small ranges get a decimal, or the axis repeats the same label.
	const digits = top < 10 ? 1 : 0;
	return asciichart.plot(limit === null ? pad(values) : [pad(values), pad(values).map(() => limit)], {
		height: 5,
		min: 0,
		max: top,
		format: (x: number) => `${x.toFixed(digits).padStart(5)}${unit}`,
	});
}

/** asciichart needs two points to draw a line. */
function pad(series: number[]): number[] {
	return series.length > 1 ? series : [...series, ...series];
}
