/**
 * A mail that could not be delivered, from the failure to the office ticking it off: with a
 * mail server nobody answers, a password reset lands in the work queue; "erledigt" takes it out
 * and answers with a plain GET, so reloading the page does not send the form again.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_COORDINATOR, demoMember, get, login, postForm } from '../helpers/http.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

let server: RunningServer;
beforeAll(async () => {
	// Port 9 (discard) has no listener on these machines: every delivery fails at once.
	server = await startServer({ SMTP_URL: 'smtp://127.0.0.1:9' });
});
afterAll(async () => {
	await server?.stop();
});

const failedDeliveries = (html: string) => [...html.matchAll(/name="deliveryId" value="([^"]+)"/g)].map((m) => m[1]!);

describe('undeliverable mail in the work queue', () => {
	test('shows up with its recipient, and "erledigt" takes it out with a redirect to a plain GET', async () => {
		const recipient = demoMember(9);
		const requested = await postForm(server.baseURL, '/_actions/auth.requestPasswordReset/', { email: recipient });
		expect(requested.status, 'the visitor is not told that the mail failed').toBe(200);

		const office = await login(server.baseURL, DEMO_COORDINATOR);
		const queue = async () => (await get(server.baseURL, '/koordination/', office)).text();
		await expect.poll(async () => failedDeliveries(await queue()).length, { timeout: 10_000 }).toBe(1);
		const page = await queue();
		expect(page).toContain(`an ${recipient}`);
		// Each button says to screen readers which mail it marks.
		expect(page).toMatch(new RegExp(`erledigt<span class="visually-hidden">: „[^“]+“ an ${recipient.replace('.', '\\.')}</span>`));
		const [deliveryId] = failedDeliveries(page);

		const resolved = await postForm(server.baseURL, '/koordination/?_action=members.resolveMailFailure', { deliveryId: deliveryId! }, { cookie: office });
		expect([resolved.status, resolved.location]).toEqual([303, '/koordination/?erledigt=zustellung']);
		const after = await (await get(server.baseURL, resolved.location!, office)).text();
		expect(after).toContain('Erledigt: Die E-Mail steht nicht mehr in der Liste.');
		expect(failedDeliveries(after)).toEqual([]);
		expect(after).not.toContain(`an ${recipient}`);
	});
});
