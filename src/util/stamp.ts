/** A time for file names, sortable and free of characters shells and file systems dislike: 20261202-031500. */
export const fileStamp = (d: Date): string =>
	d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
