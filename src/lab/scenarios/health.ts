import { isHealthy } from '../checks.js';
import type { LabContext, Scenario } from '../scenario.js';
import { recreate, webServerCommand } from './common.js';

function catalog(ctx: LabContext, name: string, healthCommand: string) {
	return {
		name,
		image: ctx.image,
		labels: ctx.labels,
		command: webServerCommand('8080'),
		health: { command: healthCommand, intervalS: 1, timeoutS: 2, retries: 2 },
	};
}

export const healthScenarios: Scenario[] = [
	{
		id: 'catalog-health-path',
		title: 'Catalog API marked unhealthy although it serves pages',
		difficulty: 'medium',
		cause: 'healthcheck-failing',
		story:
			'The load balancer took catalog-api out of rotation because Docker reports it unhealthy. Browsing the ' +
			'catalog through the container works fine, say the developers.',
		hints: [
			'What does the health log say? (docker inspect, State.Health.Log)',
			'Which URL does the health check ask for, and does the server have that path?',
			'A health check is a command: run it by hand inside the container.',
		],
		target: 'catalog-api',
		containers: (ctx) => [catalog(ctx, 'catalog-api', 'wget -q -O /dev/null http://127.0.0.1:8080/healthz')],
		fix: (ctx) => recreate(catalog(ctx, 'catalog-api', 'wget -q -O /dev/null http://127.0.0.1:8080/')),
		check: (ctx) => isHealthy(ctx, 'catalog-api'),
	},
	{
		id: 'pricing-health-curl',
		title: 'Pricing API never becomes healthy',
		difficulty: 'easy',
		cause: 'healthcheck-tool-missing',
		story:
			'pricing-api moved to a slimmer base image. Since then its health check fails every time, though the API answers.',
		hints: [
			'Read the exit code of the failed health checks.',
			'Exit code 127 from a shell means...',
			'Which HTTP client does the slim image have?',
		],
		target: 'pricing-api',
		containers: (ctx) => [catalog(ctx, 'pricing-api', 'curl -fsS http://127.0.0.1:8080/')],
		fix: (ctx) => recreate(catalog(ctx, 'pricing-api', 'wget -q -O /dev/null http://127.0.0.1:8080/')),
		check: (ctx) => isHealthy(ctx, 'pricing-api'),
	},
];
