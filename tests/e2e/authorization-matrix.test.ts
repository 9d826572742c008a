/**
 * Default deny, checked from the source tree: every on-demand route and every action is found
 * at test time and must appear in the expected table below, for anonymous visitors, members
 * and coordinators. A new route without an entry fails this test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { DEMO_COORDINATOR, demoMember, get, login, postForm, sessionCookieFrom } from '../helpers/http.ts';
import { runScript } from '../helpers/scripts.ts';

const baseURL = inject('baseURL');
type Principal = 'anonymous' | 'member' | 'coordinator';
const PRINCIPALS: Principal[] = ['anonymous', 'member', 'coordinator'];

/** Expected status, and for redirects where they lead. */
type Expectation = number | { redirect: string | RegExp };
const toLogin = { redirect: /^\/portal\/anmelden\/\?weiter=/ };
const toPortal = { redirect: '/portal/' };
const toOffice = { redirect: '/koordination/' };
const anonymousOnly = { anonymous: 200, member: toPortal, coordinator: toOffice };
const everyone = { anonymous: 200, member: 200, coordinator: 200 };
const officeOnly = { anonymous: toLogin, member: 404, coordinator: 200 };
const memberOnly = { anonymous: toLogin, member: 200, coordinator: toOffice };

/** Every on-demand page, by route. Pages with parameters name a concrete sample path. */
const ROUTES: Record<string, { path?: string } & Record<Principal, Expectation>> = {
	'/portal/anmelden/': anonymousOnly,
	// Without the cookie of a sign-in waiting for its code it only says to sign in first.
	'/portal/anmelden/code/': anonymousOnly,
	'/portal/passwort-vergessen/': anonymousOnly,
	'/portal/passwort-zuruecksetzen/': anonymousOnly,
	'/portal/einladung/': anonymousOnly,
	'/portal/': { anonymous: toLogin, member: 200, coordinator: toOffice },
	'/portal/interessen/': memberOnly,
	'/portal/gespraechspunkte/': memberOnly,
	'/portal/profil/': memberOnly,
	'/portal/daten/': memberOnly,
	'/portal/daten/export/': memberOnly,
	'/koordination/': officeOnly,
	'/mitmachen/': everyone,
	'/mitmachen/danke/': everyone,
	'/mitglieder/': everyone,
	'/koordination/bewerbungen/': officeOnly,
	'/koordination/bewerbungen/[id]/': { path: '/koordination/bewerbungen/antrag2222222222/', ...officeOnly },
	'/koordination/mitglieder/': officeOnly,
	'/koordination/mitglieder/[id]/': { path: '/koordination/mitglieder/demouser00000001/', ...officeOnly },
	'/koordination/mitglieder/uebernehmen/': officeOnly,
	'/koordination/protokoll/': officeOnly,
	'/koordination/konto/': officeOnly,
	'/koordination/team/': officeOnly,
	'/koordination/gruppen/': officeOnly,
	'/portal/termine.ics': { anonymous: toLogin, member: 200, coordinator: toOffice },
	// Says how long one's own session has left (0 without one); nothing else.
	'/portal/sitzung.json': everyone,
	// For monitoring: whether the server and its database answer; nothing else.
	'/health/': everyone,
	// The token is the credential: an unknown one is a missing page for everybody.
	'/kalender/[token].ics': { path: '/kalender/aaaaaaaaaaaaaaaa.bbbb.ics', anonymous: 404, member: 404, coordinator: 404 },
	'/koordination/gruppen/[id]/': { path: '/koordination/gruppen/gibtesnichtxxxx/', anonymous: toLogin, member: 404, coordinator: 404 },
	'/koordination/export/': { path: '/koordination/export/?datei=bewerbungen&format=csv', ...officeOnly },
	// Any other address below /koordination/: the office's own "not found", for the office only.
	'/koordination/[...unbekannt]/': { path: '/koordination/gibtesnicht/', anonymous: toLogin, member: 404, coordinator: 404 },
};

/** Objects that do not exist answer 404 for the office, like anything the others may not see. */
const MISSING_OBJECTS = [
	'/koordination/bewerbungen/antrag9999999999/',
	'/koordination/mitglieder/gibtesnicht/',
	'/koordination/mitglieder/demokoordination/',
	'/koordination/export/?datei=alles&format=csv',
];

/** Error pages are rendered by Astro for failures, not requested as routes. */
const NOT_ROUTES = new Set(['/500/']);

/**
 * Office actions get well-formed input about objects that do not exist, so the guard decides:
 * visitors must sign in (401), members never learn the action exists (404), and the office
 * reaches the handler, which finds nothing (404).
 */
const officeAction = (input: Record<string, string>) => ({ input, anonymous: 401, member: 404, coordinator: 404 });
const NO_MEMBER = { userId: 'gibtesnichtxxxx' };

/**
 * Member actions act on the caller alone: visitors must sign in (401), the office never learns
 * they exist (404), and the member gets the handler's answer.
 */
const memberAction = (input: Record<string, string>, member: number) => ({ input, anonymous: 401, member, coordinator: 404 });
/** Portal actions run as a demo member no other test uses (mitglied18), so shared sessions stay. */
const PORTAL_MEMBER = demoMember(18);

/**
 * Actions on the caller's own account: visitors must sign in (401), members and the office get
 * the handler's answer. They may end the caller's other sessions, so they run as PORTAL_MEMBER
 * and as a coordinator of their own (MATRIX_COORDINATOR), never as the shared demo coordinator.
 */
const ownAccountAction = (input: Record<string, string>, status: number) => ({ input, anonymous: 401, member: status, coordinator: status });
const MATRIX_COORDINATOR = 'matrix.koordination@example.org';

/** Every action, with the input sent and the status expected; public ones validate input (400). */
interface ActionCase {
	input?: Record<string, string>;
	coordinatorInput?: Record<string, string>;
	/** For actions that take a file: sent as multipart form data, with `input` beside it. */
	file?: { field: string; name: string; content: string };
	/** For actions that take JSON instead of a form. */
	json?: unknown;
	coordinatorJson?: unknown;
}

const ACTIONS: Record<string, ActionCase & Record<Principal, number>> = {
	'auth.login': { anonymous: 400, member: 400, coordinator: 400 },
	'auth.logout': { anonymous: 200, member: 200, coordinator: 200 },
	'auth.requestPasswordReset': { anonymous: 400, member: 400, coordinator: 400 },
	'auth.resetPassword': { anonymous: 400, member: 400, coordinator: 400 },
	'auth.acceptInvitation': { anonymous: 400, member: 400, coordinator: 400 },
	'auth.confirmSecondFactor': { anonymous: 400, member: 400, coordinator: 400 },
	// A key offer that is not ours, and a wrong password: the handler refuses both.
	'secondFactor.enable': ownAccountAction({ offer: 'nichtvonuns', code: '123456', password: 'falsch-falsch-falsch' }, 400),
	'secondFactor.remove': ownAccountAction({ password: 'falsch-falsch-falsch' }, 400),
	'secondFactor.renewRecoveryCodes': ownAccountAction({ password: 'falsch-falsch-falsch' }, 400),
	'applications.submit': { anonymous: 400, member: 400, coordinator: 400 },
	'applications.accept': officeAction({ id: 'antrag9999999999' }),
	'applications.decline': officeAction({ id: 'antrag9999999999', confirmed: 'on' }),
	'applications.withdraw': officeAction({ id: 'antrag9999999999', confirmed: 'on' }),
	'applications.erase': officeAction({ id: 'antrag9999999999', confirmed: 'on' }),
	'applications.correctContact': officeAction({ id: 'antrag9999999999', contactName: 'Erika Beispiel', contactPosition: 'Inhaberin', contactEmail: 'erika@example.org' }),
	'applications.release': officeAction({ id: 'antrag9999999999' }),
	'applications.discard': officeAction({ id: 'antrag9999999999' }),
	'applications.discardAll': { input: { ids: 'antrag9999999999', confirmed: 'on' }, anonymous: 401, member: 404, coordinator: 200 },
	'members.update': officeAction({ ...NO_MEMBER, name: 'Beispiel GmbH', industry: '25.62', postcode: '99084', town: 'Erfurt', sizeBand: '10-49' }),
	'members.setDeactivated': officeAction(NO_MEMBER),
	'members.endSessions': officeAction(NO_MEMBER),
	'members.recordConsents': officeAction({ ...NO_MEMBER, listing: 'on' }),
	'members.removeSecondFactor': officeAction({ ...NO_MEMBER, verification: 'rueckruf' }),
	'members.deleteCompany': officeAction({ organizationId: 'gibtesnichtxxxx', confirmed: 'on' }),
	'members.eraseAccount': officeAction({ ...NO_MEMBER, confirmed: 'on' }),
	'members.updatePerson': officeAction({ ...NO_MEMBER, personName: 'Erika Beispiel', email: 'erika@example.org' }),
	'members.resendInvitation': officeAction(NO_MEMBER),
	'members.addConflict': officeAction({ ...NO_MEMBER, otherOrganizationId: 'demoorg000000002', kind: 'competitor' }),
	'members.removeConflict': officeAction({ ...NO_MEMBER, conflictId: 'gibtesnichtxxxx' }),
	'members.resolveMailFailure': officeAction({ deliveryId: 'gibtesnichtxxxx' }),
	// Taking over a network: a file with nobody in it is checked (and only checked); taking it over is refused.
	'memberImport.check': { file: { field: 'datei', name: 'leer.csv', content: 'Unternehmen;PLZ\r\n' }, anonymous: 401, member: 404, coordinator: 200 },
	'memberImport.take': { input: { daten: 'Unternehmen;PLZ\r\n' }, anonymous: 401, member: 404, coordinator: 409 },
	// No other test takes over accounts on the shared server: nobody is waiting for an invitation.
	'memberImport.invite': { anonymous: 401, member: 404, coordinator: 409 },
	// The office's team: a wrong password stops the grave steps before anything is looked up.
	'team.invite': { input: { name: 'Neue Kollegin', email: 'kollegin@example.org', password: 'falsch-falsch-falsch' }, anonymous: 401, member: 404, coordinator: 400 },
	'team.revoke': { input: { ...NO_MEMBER, password: 'falsch-falsch-falsch' }, anonymous: 401, member: 404, coordinator: 400 },
	'team.restore': { input: { ...NO_MEMBER, password: 'falsch-falsch-falsch' }, anonymous: 401, member: 404, coordinator: 400 },
	'team.removeSecondFactor': { input: { ...NO_MEMBER, verification: 'rueckruf', password: 'falsch-falsch-falsch' }, anonymous: 401, member: 404, coordinator: 400 },
	'team.resendInvitation': officeAction(NO_MEMBER),
	// Too short a name for the office: a valid one would rename the shared demo coordinator.
	'team.renameSelf': { input: { name: 'Neuer Name' }, coordinatorInput: { name: 'X' }, anonymous: 401, member: 404, coordinator: 400 },
	// The member's own actions, sent as PORTAL_MEMBER with input that changes nothing: the saved
	// interests and contact data again, a wrong password, a session that does not exist.
	'portal.saveInterests': memberAction({ interest1: 'geschaeftsmodellentwicklung', interest2: 'energieeffizienz', interest3: 'unternehmensfuehrung' }, 200),
	'portal.saveReminders': memberAction({ remindWeek: 'on', remindDay: 'on' }, 200),
	'portal.saveConsents': memberAction({ events: 'on' }, 200),
	'portal.updateProfile': memberAction({ name: 'Michael Gräf', position: 'Geschäftsführer', phone: '0361 000018' }, 200),
	// The own account (password, sessions, app) is everyone's, office included (OWN_ACCOUNT_ACTIONS).
	'portal.changePassword': ownAccountAction({ currentPassword: 'falsch-falsch-falsch', password: 'Elf Kraniche ziehen über Gotha', passwordRepeat: 'Elf Kraniche ziehen über Gotha' }, 400),
	'portal.endSession': ownAccountAction({ sessionId: 'gibtesnichtxxxxx' }, 404),
	'portal.endOtherSessions': ownAccountAction({}, 200),
	'portal.deleteAccount': memberAction({ password: 'falsch-falsch-falsch' }, 400),
	// The office gets contradictory input here: a valid run or save would change the shared drafts.
	'groups.run': { input: { seed: '1' }, coordinatorInput: { minSize: '6', maxSize: '5' }, anonymous: 401, member: 404, coordinator: 400 },
	'groups.saveBoard': { json: { groups: [], basedOn: 'x' }, coordinatorJson: { groups: [{ topic: 'x', members: ['a', 'a'] }], basedOn: 'x' }, anonymous: 401, member: 404, coordinator: 400 },
	'groups.moveMember': officeAction({ userId: 'gibtesnichtxxxx', target: 'warteliste' }),
	'groups.setLock': officeAction({ userId: 'gibtesnichtxxxx' }),
	'groups.setGroupLock': officeAction({ groupId: 'gibtesnichtxxxx' }),
	'groups.publish': { input: { checked: 'on' }, coordinatorInput: {}, anonymous: 401, member: 404, coordinator: 400 },
	'groups.discard': { anonymous: 401, member: 404, coordinator: 200 },
	// Never carried out here: the shared server's published groups belong to other tests.
	'groups.archive': { input: { confirmed: 'on' }, coordinatorInput: {}, anonymous: 401, member: 404, coordinator: 400 },
	'groups.end': officeAction({ groupId: 'gibtesnichtxxxx', confirmed: 'on' }),
	'groups.addMember': officeAction({ groupId: 'gibtesnichtxxxx', userId: 'gibtesnichtxxxx' }),
	'groups.removeMember': officeAction({ groupId: 'gibtesnichtxxxx', userId: 'gibtesnichtxxxx' }),
	'groups.message': officeAction({ groupId: 'gibtesnichtxxxx', form: 'formular00000003', subject: 'Hallo', text: 'Eine Nachricht an niemanden.', confirmed: 'on' }),
	'meetings.plan': officeAction({ groupId: 'gibtesnichtxxxx', start: '2027-01-04', time: '14:00' }),
	'meetings.create': officeAction({ groupId: 'gibtesnichtxxxx', date: '2027-01-06', time: '14:00' }),
	'meetings.update': officeAction({ groupId: 'gibtesnichtxxxx', meetingId: 'gibtesnichtxxxx', date: '2027-01-06', time: '14:00' }),
	'meetings.cancel': officeAction({ groupId: 'gibtesnichtxxxx', meetingId: 'gibtesnichtxxxx', confirmed: 'on' }),
	// Members only: the office never answers for a member or holds their calendar address.
	'topicQueue.add': memberAction({ title: 'Ein Thema für die Matrix', priority: '2', minutes: '20' }, 404),
	'topicQueue.markDiscussed': { input: { itemId: 'gibtesnichtxxxx' }, anonymous: 401, member: 404, coordinator: 404 },
	'topicQueue.withdraw': { input: { itemId: 'gibtesnichtxxxx' }, anonymous: 401, member: 404, coordinator: 404 },
	'topicQueue.reopen': { input: { itemId: 'gibtesnichtxxxx' }, anonymous: 401, member: 404, coordinator: 404 },
	'meetings.reply': { input: { meetingId: 'gibtesnichtxxxx', attending: 'ja' }, anonymous: 401, member: 404, coordinator: 404 },
	'meetings.renewFeed': { anonymous: 401, member: 200, coordinator: 404 },
	'meetings.revokeFeed': { anonymous: 401, member: 200, coordinator: 404 },
};

function files(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? files(path) : [path];
	});
}

function onDemandRoutes(): { route: string; source: string }[] {
	return files('src/pages')
		.filter((f) => /\.(astro|ts)$/.test(f))
		.map((f) => ({ file: f, source: readFileSync(f, 'utf8') }))
		.filter(({ source }) => /export const prerender = false/.test(source))
		.map(({ file, source }) => {
			const route = '/' + relative('src/pages', file).replace(/\.(astro|ts)$/, '').replace(/(^|\/)index$/, '');
			// Pages end in a slash; files such as termine.ics keep their name.
			return { route: route.endsWith('/') || /\.\w+$/.test(route) ? route : `${route}/`, source };
		});
}

function actionNames(): { name: string; file: string }[] {
	return files('src/actions')
		.filter((f) => f.endsWith('.ts') && !f.endsWith('index.ts'))
		.flatMap((file) => {
			const source = readFileSync(file, 'utf8');
			const namespace = /export const (\w+) = \{/.exec(source)?.[1];
			return [...source.matchAll(/^\t(\w+):\s*(?:defineAction|\w+Action)\(/gm)].map((m) => ({ name: `${namespace}.${m[1]}`, file }));
		});
}

const OWN_ACCOUNT_ACTIONS = new Set(['portal.changePassword', 'portal.endSession', 'portal.endOtherSessions', 'secondFactor.enable', 'secondFactor.remove', 'secondFactor.renewRecoveryCodes']);
/** Office actions refused for a wrong password: they count against the account's limit, so not the shared demo coordinator's. */
const PASSWORD_CONFIRMED_OFFICE_ACTIONS = new Set(['team.invite', 'team.revoke', 'team.restore', 'team.removeSecondFactor']);

const cookies: Partial<Record<Principal, string>> = {};
let portalMemberCookie: string;
let matrixCoordinatorCookie: string;
beforeAll(async () => {
	cookies.member = await login(baseURL, demoMember(1));
	portalMemberCookie = await login(baseURL, PORTAL_MEMBER);
	cookies.coordinator = await login(baseURL, DEMO_COORDINATOR);
	// A second coordinator, the way production gets its first one: admin:create, then the invitation.
	const serverDir = inject('serverDir');
	const created = await runScript('scripts/admin-create.ts', ['--email', MATRIX_COORDINATOR, '--name', 'Matrix Prüfung'], {
		DATABASE_URL: `file:${join(serverDir, 'e2e.db')}`,
		OUTBOX_DIR: join(serverDir, 'matrix-outbox'),
		SITE_URL: baseURL,
	});
	const token = /[?&]token=([^\s&]+)/.exec(created.output)?.[1];
	if (!token) throw new Error(`admin:create: ${created.output}`);
	const password = 'Matrix prüft jede Tür zweimal';
	const accepted = await postForm(baseURL, '/portal/einladung/?_action=auth.acceptInvitation', { token, password, passwordRepeat: password });
	matrixCoordinatorCookie = sessionCookieFrom(accepted.setCookie) ?? '';
	if (!matrixCoordinatorCookie) throw new Error(`Einladung: ${accepted.status}`);
});

function check(response: Response, expected: Expectation, label: string) {
	if (typeof expected === 'number') {
		expect(response.status, label).toBe(expected);
	} else {
		expect([302, 303], label).toContain(response.status);
		const location = response.headers.get('location') ?? '';
		if (typeof expected.redirect === 'string') expect(location, label).toBe(expected.redirect);
		else expect(location, label).toMatch(expected.redirect);
	}
}

describe('authorization matrix', () => {
	const routes = onDemandRoutes().filter((r) => !NOT_ROUTES.has(r.route));
	const actions = actionNames();

	test('every on-demand route and every action is in the expected table, and nothing extra', () => {
		expect(routes.map((r) => r.route).sort()).toEqual(Object.keys(ROUTES).sort());
		expect(actions.map((a) => a.name).sort()).toEqual(Object.keys(ACTIONS).sort());
		const checks = (routes.length + actions.length) * PRINCIPALS.length;
		console.log(`Berechtigungsmatrix: ${routes.length} Routen + ${actions.length} Aktionen × ${PRINCIPALS.length} Rollen = ${checks} Prüfungen`);
	});

	test('an empty form gets German messages from every form action, never zod\'s English', async () => {
		// Astro checks the input before the handler runs, so a visitor without a session reaches the
		// messages of every action, and the handlers' guards stop the rest (401) before anything changes.
		const formActions = actions.filter((a) => ACTIONS[a.name]?.json === undefined);
		expect(formActions.length).toBeGreaterThan(40);
		const english: string[] = [];
		for (const { name } of formActions) {
			const response = await postForm(baseURL, `/_actions/${name}/`, {});
			expect([200, 400, 401], name).toContain(response.status);
			if (response.status !== 400) continue;
			// What the forms show: the messages per field, or the one message of a refusal.
			const answer = JSON.parse(response.body) as { fields?: Record<string, string[]>; message?: string };
			const shown = answer.fields ? Object.values(answer.fields).flat() : [answer.message ?? ''];
			english.push(...shown.filter((m) => /Invalid input|expected \w+|Required/i.test(m)).map((m) => `${name}: ${m}`));
		}
		expect(english).toEqual([]);
	});

	test('objects that do not exist are 404 for the office too', async () => {
		for (const path of MISSING_OBJECTS) expect((await get(baseURL, path, cookies.coordinator)).status, path).toBe(404);
	});

	test('the office\'s 404 stays in the office: its navigation, what may have happened, the way back', async () => {
		const gone = await (await get(baseURL, '/koordination/bewerbungen/antrag9999999999/', cookies.coordinator)).text();
		expect(gone).toContain('Diese Bewerbung gibt es nicht (mehr). Vielleicht wurde sie gelöscht');
		expect(gone).toContain('<a href="/koordination/bewerbungen/">Alle Bewerbungen</a>');
		expect(gone).toContain('<a href="/koordination/protokoll/">Protokoll</a>');
		expect(gone).toMatch(/<nav aria-label="Portal"[ >]/);
		expect(await (await get(baseURL, '/koordination/mitglieder/gibtesnicht/', cookies.coordinator)).text()).toContain('Dieses Mitglied gibt es nicht (mehr).');
		expect(await (await get(baseURL, '/koordination/gibtesnicht/', cookies.coordinator)).text()).toContain('Unter dieser Adresse gibt es keine Seite der Koordinierungsstelle.');
		// Members and visitors learn nothing new: the site's own 404 and the sign-in.
		const member = await (await get(baseURL, '/koordination/bewerbungen/antrag9999999999/', cookies.member)).text();
		expect(member).not.toContain('Bewerbung');
	});

	test('every on-demand page calls a guard itself', () => {
		const unguarded = routes.filter((r) => !/\b(requireRole|allowAnonymous|allowEveryone)\((Astro|ctx)/.test(r.source)).map((r) => r.route);
		expect(unguarded).toEqual([]);
	});

	test('every action handler calls a guard itself', () => {
		for (const file of new Set(actions.map((a) => a.file))) {
			const source = readFileSync(file, 'utf8');
			const handlers = source.match(/handler: async/g)?.length ?? 0;
			const guards = source.match(/\b(requireActionRole|requireSignedInAction|publicAction)\(/g)?.length ?? 0;
			expect(guards, `${file}: ${handlers} Handler, ${guards} Guards`).toBeGreaterThanOrEqual(handlers);
			expect(handlers).toBeGreaterThan(0);
		}
	});

	for (const [route, expected] of Object.entries(ROUTES)) {
		test.each(PRINCIPALS)(`GET ${route} as %s`, async (principal) => {
			const response = await get(baseURL, expected.path ?? route, cookies[principal]);
			check(response, expected[principal], `${route} als ${principal}`);
		});
	}

	for (const [action, expected] of Object.entries(ACTIONS)) {
		test.each(PRINCIPALS)(`POST /_actions/${action}/ as %s`, async (principal) => {
			// logout would end the shared session: use a fresh one for it
			const cookie = action === 'auth.logout' && principal !== 'anonymous'
				? await login(baseURL, principal === 'member' ? demoMember(2) : DEMO_COORDINATOR)
				: (OWN_ACCOUNT_ACTIONS.has(action) || PASSWORD_CONFIRMED_OFFICE_ACTIONS.has(action)) && principal === 'coordinator'
					? matrixCoordinatorCookie
					: (action.startsWith('portal.') || OWN_ACCOUNT_ACTIONS.has(action)) && principal === 'member'
						? portalMemberCookie
						: cookies[principal];
			const office = principal === 'coordinator';
			const json = office ? (expected.coordinatorJson ?? expected.json) : expected.json;
			const multipart = () => {
				const form = new FormData();
				for (const [name, value] of Object.entries(expected.input ?? {})) form.append(name, value);
				form.append(expected.file!.field, new File([expected.file!.content], expected.file!.name, { type: 'text/csv' }));
				return form;
			};
			const response = expected.file
				? await fetch(`${baseURL}/_actions/${action}/`, { method: 'POST', headers: { Origin: baseURL, ...(cookie ? { Cookie: cookie } : {}) }, body: multipart() })
				: json !== undefined
					? await fetch(`${baseURL}/_actions/${action}/`, {
							method: 'POST',
							headers: { 'Content-Type': 'application/json', Origin: baseURL, ...(cookie ? { Cookie: cookie } : {}) },
							body: JSON.stringify(json),
						})
					: await postForm(baseURL, `/_actions/${action}/`, (office ? expected.coordinatorInput : undefined) ?? expected.input ?? {}, cookie ? { cookie } : {});
			expect(response.status, `${action} als ${principal}`).toBe(expected[principal]);
		});
	}
});
