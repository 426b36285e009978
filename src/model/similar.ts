/** Edit distance between two short strings (names), for "did you mean". */
export function editDistance(a: string, b: string): number {
	const row = Array.from({ length: b.length + 1 }, (_, i) => i);
	for (let i = 1; i <= a.length; i++) {
		let previous = row[0] ?? 0;
		row[0] = i;
		for (let j = 1; j <= b.length; j++) {
			const current = row[j] ?? 0;
			row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
			previous = current;
		}
	}
	return row[b.length] ?? 0;
}

/** Names within a small edit distance of the wanted one (typos, transpositions), closest first. */
export function closestNames(wanted: string, names: readonly string[], maxDistance = 2): string[] {
	return names
		.map((name) => ({ name, d: editDistance(wanted, name) }))
		.filter((x) => x.d > 0 && x.d <= maxDistance)
		.sort((x, y) => x.d - y.d)
		.map((x) => x.name);
}
