/**
 * The config file, `$XDG_CONFIG_HOME/dockmedic/config.yaml` (or DOCKMEDIC_CONFIG): defaults for the
 * flags and the environment's knobs, and remapped keys. A flag wins over the environment, which wins
 * over the file. Checked like a playbook: every problem with its line, and nothing starts until it is
 * right.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatError, issuesAt, type PlaybookError, parseYaml } from '../playbooks/loader.js';
import { applyKeyRemaps, keyRemapProblems } from '../ui/keymap-config.js';

const ConfigSchema = z.strictObject({
	/** As --read-only, --show-secrets. */
	readOnly: z.boolean().optional(),
	showSecrets: z.boolean().optional(),
	/** As --prometheus (DOCKMEDIC_PROMETHEUS wins over it). */
	prometheus: z.url({ protocol: /^https?$/ }).optional(),
	theme: z
		.strictObject({
			/** false as --no-color. */
			color: z.boolean().optional(),
			/** false: ASCII borders, glyphs and charts whatever the locale says. */
			unicode: z.boolean().optional(),
		})
		.optional(),
	timeouts: z.strictObject({ engineCallMs: z.int().min(500).max(300_000).optional() }).optional(),
	logs: z.strictObject({ lines: z.int().min(100).max(1_000_000).optional() }).optional(),
	/** A command's keys: one, or a list (see `?` in the console for the commands). */
	keys: z.record(z.string(), z.union([z.string(), z.array(z.string()).min(1)])).optional(),
});

export type Config = z.infer<typeof ConfigSchema>;

/** The file checked: its settings, or every problem (file:line: field: message). None when there is no file. */
export function readConfig(file: string): { config: Config; problems: string[] } {
	if (!existsSync(file)) return { config: {}, problems: [] };
	const { yaml, errors } = parseYaml(readFileSync(file, 'utf8'), file, 64 * 1024);
	if (!yaml) return { config: {}, problems: errors.map(formatError) };
	// An empty file is no settings.
	const parsed = ConfigSchema.safeParse(yaml.data ?? {});
	if (!parsed.success)
		return { config: {}, problems: issuesAt(file, yaml, parsed.error.issues).map(formatError) };
	const keys = remapsOf(parsed.data);
	const keyProblems: PlaybookError[] = keyRemapProblems(keys).map((p) => ({
		file,
		line: yaml.lineOf(['keys', p.command]),
		field: `keys.${p.command}`,
		message: p.message,
	}));
	return { config: parsed.data, problems: keyProblems.map(formatError) };
}

const remapsOf = (config: Config) =>
	Object.fromEntries(
		Object.entries(config.keys ?? {}).map(([id, k]) => [id, typeof k === 'string' ? [k] : k]),
	);

/**
 * Puts the file's settings in place: flag defaults on `options` (flags given still win), environment
 * knobs not already set, and the keys.
 */
export function applyConfig(
	config: Config,
	setDefault: (option: string, value: unknown) => void,
	env: NodeJS.ProcessEnv = process.env,
): void {
	if (config.readOnly !== undefined) setDefault('readOnly', config.readOnly);
	if (config.showSecrets !== undefined) setDefault('showSecrets', config.showSecrets);
	if (config.theme?.color !== undefined) setDefault('color', config.theme.color);
	const knob = (name: string, value: string | undefined) => {
		if (value !== undefined && env[name] === undefined) env[name] = value;
	};
	knob('DOCKMEDIC_PROMETHEUS', config.prometheus);
	knob(
		'DOCKMEDIC_UNICODE',
		config.theme?.unicode === undefined ? undefined : config.theme.unicode ? '1' : '0',
	);
	knob('DOCKMEDIC_CALL_TIMEOUT_MS', config.timeouts?.engineCallMs?.toString());
	knob('DOCKMEDIC_LOG_LINES', config.logs?.lines?.toString());
	applyKeyRemaps(remapsOf(config));
}
