import { describe, expect, test } from 'vitest';
import { withoutAddressSecrets } from '../../src/lib/server/security-log.ts';

describe('withoutAddressSecrets', () => {
	test('removes link tokens and private calendar addresses, keeps the rest of the line', () => {
		expect(withoutAddressSecrets('Could not render http://localhost:4321/portal/einladung/?token=abcdefghijk2345m.Zm9vYmFy_-x&x=1')).toBe(
			'Could not render http://localhost:4321/portal/einladung/?token=[entfernt]&x=1',
		);
		expect(withoutAddressSecrets('Could not render /portal/passwort-zuruecksetzen/?a=1&token=geheim\nError: boom')).toBe('Could not render /portal/passwort-zuruecksetzen/?a=1&token=[entfernt]\nError: boom');
		expect(withoutAddressSecrets('GET /kalender/abcdefghijk2345m.Zm9vYmFy.ics failed')).toBe('GET /kalender/[entfernt].ics failed');
		expect(withoutAddressSecrets('{"event":"login.success","user":"abc"}')).toBe('{"event":"login.success","user":"abc"}');
	});
});
