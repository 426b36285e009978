import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ContainerNotFoundError, DockmedicError, EngineTimeoutError } from '../engine/errors.js';
import type { Engine } from '../engine/index.js';
import type { ContainerState } from '../model/container.js';
import { LOCAL_BUSYBOX_IMAGES, NODE_IMAGE } from '../model/images.js';
import { composeUp, findCompose, writeComposeProject } from './compose-cli.js';
import { clearExam, readExam } from './exam.js';
import { defaultLabRoot, labHome } from './paths.js';
import { exclusiveResource, prefixScenario, validPrefix } from './prefix.js';
import { type CheckResult, type LabContext, networkName, type Scenario } from './scenario.js';
import { scenarios } from './scenarios/index.js';

/** Every lab resource carries this label (value: the scenario id); reset removes by it only. */
export const LAB_LABEL = 'dockmedic.lab';
/** With --prefix, also this one (value: the prefix): each student's objects, and only those. */
export const LAB_PREFIX_LABEL = 'dockmedic.lab.prefix';

export type LabOptions = {
	/** Image for the scenarios' containers (--image, DOCKMEDIC_LAB_IMAGE). */
	readonly image?: string;
	/** Folder for the scenarios' host folders (DOCKMEDIC_LAB_DIR). */
	readonly rootDir?: string;
	/** Names every object `PREFIX-name` (--prefix, DOCKMEDIC_LAB_PREFIX): a class on one engine. */
	readonly prefix?: string;
	/** Every lab there is (built-in and YAML), for a reset of all; the built-in ones by default. */
	readonly catalogue?: readonly Scenario[];
};

export type LabStatus = {
	readonly id: string;
	readonly containers: readonly { readonly name: string; readonly state: ContainerState }[];
	readonly networks: readonly string[];
};

export function findScenario(id: string, catalogue: readonly Scenario[] = scenarios): Scenario {
	const scenario = catalogue.find((s) => s.id === id);
	if (!scenario) {
		throw new DockmedicError(`There is no lab "${id}".`, {
			tryMessage: 'See the scenarios with `dockmedic lab list`.',
		});
	}
	return scenario;
}

/** Creates, checks and removes lab scenarios on one engine. */
export class Labs {
	private readonly engine: Engine;
	private readonly rootDir: string;
	private readonly configuredImage: string | undefined;
	readonly prefix: string | undefined;
	/** This prefix's folder: its labs' host folders, hints shown and exam. */
	readonly home: string;
	private readonly catalogue: readonly Scenario[];

	constructor(engine: Engine, options: LabOptions = {}) {
		this.engine = engine;
		this.catalogue = options.catalogue ?? scenarios;
		this.rootDir = options.rootDir ?? defaultLabRoot();
		this.configuredImage = options.image ?? process.env.DOCKMEDIC_LAB_IMAGE;
		const prefix = options.prefix ?? process.env.DOCKMEDIC_LAB_PREFIX;
		this.prefix = prefix ? validPrefix(prefix) : undefined;
		this.home = labHome(this.rootDir, this.prefix);
	}

	/** The scenario as this prefix runs it (its objects renamed). */
	view(scenario: Scenario): Scenario {
		return prefixScenario(scenario, this.prefix);
	}

	async context(scenario: Scenario): Promise<LabContext> {
		const compose = scenario.compose ? (await findCompose())?.line : undefined;
		return {
			engine: this.engine,
			image: await this.resolveImage(),
			nodeImage: scenario.runtime === 'node' ? await this.resolveNodeImage() : NODE_IMAGE,
			labels: { [LAB_LABEL]: scenario.id, ...(this.prefix ? { [LAB_PREFIX_LABEL]: this.prefix } : {}) },
			dir: (name) => path.join(this.home, scenario.id, name),
			...(compose ? { compose } : {}),
		};
	}

	/** The documented fix, as this prefix's student types it. */
	async fix(scenario: Scenario): Promise<readonly string[]> {
		return this.view(scenario).fix(await this.context(scenario));
	}

	/** Creates the scenario. Returns false (and changes nothing) when it is already there. */
	async start(original: Scenario): Promise<boolean> {
		const existing = await this.statusOf(original.id);
		if (existing.containers.length > 0 || existing.networks.length > 0) return false;
		const exclusive = exclusiveResource(original);
		if (exclusive) {
			const elsewhere = (await this.engine.containers.listByLabel(`${LAB_LABEL}=${original.id}`))[0];
			if (elsewhere) {
				const owner = elsewhere.labels[LAB_PREFIX_LABEL];
				throw new DockmedicError(
					`Lab "${original.id}" needs ${exclusive}, which one engine has once, and it runs already ${owner ? `for prefix ${owner}` : 'without a prefix'}.`,
					{ tryMessage: 'Pick another lab, or reset that one first.' },
				);
			}
		}
		const scenario = this.view(original);
		const ctx = await this.context(scenario);
		try {
			for (const network of scenario.networks ?? [])
				await this.engine.networks.create(
					networkName(network),
					ctx.labels,
					typeof network === 'string' ? {} : { subnet: network.subnet },
				);
			for (const dir of scenario.dirs ?? []) this.createDir(ctx.dir(dir.name), dir);
			for (const container of scenario.containers(ctx)) {
				const { startFails, stopAfterStart, createOnly, ...spec } = container;
				await this.engine.containers.create(spec);
				if (createOnly) continue;
				try {
					await this.engine.containers.act('start', spec.name);
				} catch (error) {
					if (!startFails) throw error;
				}
				if (stopAfterStart) await this.engine.containers.act('stop', spec.name, { stopTimeoutS: 0 });
			}
			if (scenario.compose) {
				const project = scenario.compose(ctx);
				const file = writeComposeProject(ctx.dir('compose'), project.file, project.env);
				await composeUp(this.engine.endpoint, scenario.id, file, project.upFails === true, project.upFirst);
			}
		} catch (error) {
			// A half-built scenario helps nobody: take it down, then report why.
			await this.reset(scenario.id);
			throw error;
		}
		return true;
	}

	async verify(scenario: Scenario): Promise<CheckResult> {
		const existing = await this.statusOf(scenario.id);
		if (existing.containers.length === 0) {
			throw new DockmedicError(`Lab "${scenario.id}" is not running.`, {
				tryMessage: `Start it with \`dockmedic lab start ${scenario.id}\`.`,
			});
		}
		return this.view(scenario).check(await this.context(scenario));
	}

	/** Removes the scenario's resources (or every lab's), by label only. Returns what was removed. */
	async reset(id?: string): Promise<{ containers: string[]; networks: string[] }> {
		const label = id ? `${LAB_LABEL}=${id}` : LAB_LABEL;
		const containers = (await this.engine.containers.listByLabel(label)).filter((c) => this.owns(c.labels));
		for (const c of containers) await this.removeSurely(c.id);
		const networks = (await this.engine.networks.listByLabel(label)).filter((n) => this.owns(n.labels));
		for (const n of networks) await this.engine.networks.remove(n.id);
		const ids = id ? [id] : this.catalogue.map((s) => s.id);
		for (const each of ids) rmSync(path.join(this.home, each), { recursive: true, force: true });
		const exam = readExam(this.home);
		if (exam && (!id || exam.lab === id)) clearExam(this.home);
		return { containers: containers.map((c) => c.name), networks: networks.map((n) => n.name) };
	}

	/**
	 * Removes a lab's container; a removal that timed out on a busy engine is asked once more (it may have
	 * gone meanwhile: then there is nothing left to do).
	 */
	private async removeSurely(id: string): Promise<void> {
		try {
			await this.engine.containers.act('remove', id, { volumes: true });
		} catch (error) {
			if (!(error instanceof EngineTimeoutError)) throw error;
			await this.engine.containers.act('remove', id, { volumes: true }).catch((again: unknown) => {
				if (!(again instanceof ContainerNotFoundError)) throw again;
			});
		}
	}

	/** What of one lab exists on the engine. */
	async statusOf(id: string): Promise<LabStatus> {
		return (
			(await this.statusAll(`${LAB_LABEL}=${id}`)).find((s) => s.id === id) ?? {
				id,
				containers: [],
				networks: [],
			}
		);
	}

	/** Every lab that has resources on the engine. */
	async statusAll(label = LAB_LABEL): Promise<LabStatus[]> {
		const containers = (await this.engine.containers.listByLabel(label)).filter((c) => this.owns(c.labels));
		const networks = (await this.engine.networks.listByLabel(label)).filter((n) => this.owns(n.labels));
		const byLab = new Map<
			string,
			{ containers: { name: string; state: ContainerState }[]; networks: string[] }
		>();
		const entry = (lab: string) => {
			const found = byLab.get(lab) ?? { containers: [], networks: [] };
			byLab.set(lab, found);
			return found;
		};
		for (const c of containers)
			entry(c.labels[LAB_LABEL] ?? '?').containers.push({ name: c.name, state: c.state });
		for (const n of networks) entry(n.labels[LAB_LABEL] ?? '?').networks.push(n.name);
		return [...byLab.entries()].map(([id, v]) => ({ id, ...v })).sort((a, b) => a.id.localeCompare(b.id));
	}

	/** Whether an object belongs to this prefix (or, without one, to no prefix). */
	private owns(labels: Readonly<Record<string, string>>): boolean {
		return labels[LAB_PREFIX_LABEL] === this.prefix;
	}

	private createDir(dir: string, spec: NonNullable<Scenario['dirs']>[number]): void {
		mkdirSync(dir, { recursive: true });
		// A script (#!) is written executable, as a checkout would have it.
		for (const [name, file] of Object.entries(spec.files ?? {})) {
			const { content, mode } =
				typeof file === 'string' ? { content: file, mode: file.startsWith('#!') ? 0o755 : 0o644 } : file;
			writeFileSync(path.join(dir, name), content);
			chmodSync(path.join(dir, name), mode);
		}
		try {
			chownSync(dir, spec.uid, spec.gid);
		} catch (error) {
			throw new DockmedicError(`Cannot give ${dir} to uid ${spec.uid}: ${(error as Error).message}.`, {
				tryMessage: 'This lab needs to set folder ownership: run it as root (or with sudo).',
			});
		}
		chmodSync(dir, spec.mode);
	}

	private async resolveNodeImage(): Promise<string> {
		const found = await this.engine.images.firstLocal([NODE_IMAGE]);
		if (found) return found;
		throw new DockmedicError(
			`This lab runs a Node.js application, and ${NODE_IMAGE} is not on this engine.`,
			{
				tryMessage: `On a machine with node, run \`bash scripts/engine-up.sh\`: it builds ${NODE_IMAGE} offline from the host's node binary.`,
			},
		);
	}

	private async resolveImage(): Promise<string> {
		const candidates = this.configuredImage ? [this.configuredImage] : LOCAL_BUSYBOX_IMAGES;
		const found = await this.engine.images.firstLocal(candidates);
		if (found) return found;
		throw new DockmedicError(
			`No lab image on this engine (tried ${candidates.join(', ')}); labs never pull from a registry.`,
			{
				tryMessage:
					'On Debian run `bash scripts/engine-up.sh` (builds dockmedic/busybox:local offline), or load a busybox image and pass --image.',
			},
		);
	}
}

/** Reveals one more hint each call (remembered per lab on disk); returns the hints shown so far. */
export function nextHints(scenario: Scenario, rootDir = defaultLabRoot()): string[] {
	const file = path.join(rootDir, scenario.id, '.hints-shown');
	const shown = existsSync(file) ? Number(readFileSync(file, 'utf8')) || 0 : 0;
	const level = Math.min(shown + 1, scenario.hints.length);
	mkdirSync(path.dirname(file), { recursive: true });
	writeFileSync(file, String(level));
	return scenario.hints.slice(0, level);
}

export { defaultLabRoot, scenarios };
