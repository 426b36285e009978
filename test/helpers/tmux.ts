import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from './cli.js';

/** The real binary in a real terminal: tmux runs it, send-keys types, capture-pane reads the screen. */
export class TmuxSession {
	readonly name: string;

	constructor(
		name: string,
		options: {
			columns?: number;
			rows?: number;
			env?: Record<string, string>;
			args?: string[];
			/** Another dockmedic executable (an installed package) instead of this checkout's. */
			bin?: string;
		} = {},
	) {
		this.name = name;
		const env = Object.entries({ LANG: 'C.UTF-8', ...options.env })
			.map(([k, v]) => `${k}='${v}'`)
			.join(' ');
		// After the console exits, print its exit code and keep the pane so the test can read both.
		const program = options.bin ?? `${process.execPath} ${BIN}`;
		const command = `env ${env} ${program} ${(options.args ?? []).join(' ')}; echo "EXIT=$?"; sleep 600`;
		execFileSync('tmux', [
			'new-session',
			'-d',
			'-s',
			name,
			'-x',
			String(options.columns ?? 80),
			'-y',
			String(options.rows ?? 24),
			command,
		]);
	}

	screen(): string {
		return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
	}

	keys(...keys: string[]): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, ...keys]);
	}

	/** Types text literally (no key-name interpretation). */
	type(text: string): void {
		execFileSync('tmux', ['send-keys', '-t', this.name, '-l', text]);
	}

	/** The pane's title: what an OSC 0/2 sequence reaching the terminal would set. */
	title(): string {
		return execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_title}'], {
			encoding: 'utf8',
		}).trim();
	}

	/**
	 * In a shell: asks `stty size` until it answers `rows columns`. The resize reaches the exec by an API
	 * call of its own, which over a slower transport can come after the next command.
	 */
	async sizeReaches(rows: number, columns: number): Promise<void> {
		const answer = new RegExp(`^${rows} ${columns}\\r?$`, 'm');
		for (let attempt = 0; attempt < 20; attempt++) {
			this.keys('clear; stty size', 'Enter');
			if (
				await this.waitForScreen((s) => answer.test(s), 1000).then(
					() => true,
					() => false,
				)
			)
				return;
		}
		throw new Error(`the terminal size never reached ${rows} ${columns}; last screen:\n${this.screen()}`);
	}

	/** From the list: filters to one container and opens its details (the stats pane first). */
	async openDetails(name: string): Promise<void> {
		this.type(`/${name}`);
		this.keys('Enter');
		await this.waitForScreen((s) => s.includes('d diagnose'));
		this.keys('Enter');
	}

	/** Everything the program writes to the terminal during `ms` (tmux pipe-pane), as raw bytes. */
	async recordOutput(ms: number): Promise<Buffer> {
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'dm-tty-')), 'out');
		execFileSync('tmux', ['pipe-pane', '-o', '-t', this.name, `cat > ${file}`]);
		await new Promise((r) => setTimeout(r, ms));
		execFileSync('tmux', ['pipe-pane', '-t', this.name]);
		await new Promise((r) => setTimeout(r, 100));
		return readFileSync(file);
	}

	resize(columns: number, rows: number): void {
		execFileSync('tmux', ['resize-window', '-t', this.name, '-x', String(columns), '-y', String(rows)]);
	}

	async waitForScreen(predicate: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> {
		const deadline = Date.now() + timeoutMs;
		let last = '';
		while (Date.now() < deadline) {
			last = this.screen();
			if (predicate(last)) return last;
			await new Promise((r) => setTimeout(r, 25));
		}
		throw new Error(`screen never matched within ${timeoutMs} ms; last screen:\n${last}`);
	}

	kill(): void {
		try {
			execFileSync('tmux', ['kill-session', '-t', this.name], { stdio: 'ignore' });
		} catch {
			// already gone
		}
	}
}
