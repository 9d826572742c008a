/**
 * Demo data for `npm start`: a coordinator and member companies that do not exist. Loaded only
 * in demo mode and only into an empty database. Every demo login uses DEMO_PASSWORD.
 */
import { count } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { application, consent, interest, organization, user } from '../schema.ts';
import { OPT_INS } from '../../src/lib/forms/application.ts';

export const DEMO_PASSWORD = 'Demo-Passwort-2026';
export const DEMO_COORDINATOR_EMAIL = 'koordination@example.org';
export const demoMemberEmail = (n: number) => `mitglied${n}@example.org`;

interface DemoCompany {
	name: string;
	industry: [code: string, label: string];
	town: string;
	postcode: string;
	lat: number;
	lon: number;
	size: string;
	person: string;
	position: string;
	interests: string[];
}

// Invented names. Towns and WZ 2008 classes are real so the matching has realistic input.
export const DEMO_COMPANIES: DemoCompany[] = [
	{ name: 'Gerbertal Präzisionsdrehteile GmbH', industry: ['25.62', 'Mechanik a. n. g.'], town: 'Arnstadt', postcode: '99310', lat: 50.834, lon: 10.947, size: '50-249', person: 'Katrin Vogler', position: 'Geschäftsführerin', interests: ['digitalisierung-automatisierung', 'mitarbeitergewinnung', 'energieeffizienz'] },
	{ name: 'Ilmtaler Softwarewerkstatt GmbH', industry: ['62.01', 'Programmierungstätigkeiten'], town: 'Ilmenau', postcode: '98693', lat: 50.684, lon: 10.914, size: '10-49', person: 'Jonas Reimann', position: 'Geschäftsführer', interests: ['mitarbeitergewinnung', 'geschaeftsmodellentwicklung', 'kundenbindung'] },
	{ name: 'Saalebogen Kunststofftechnik GmbH', industry: ['22.29', 'Herstellung von sonstigen Kunststoffwaren'], town: 'Rudolstadt', postcode: '07407', lat: 50.717, lon: 11.327, size: '50-249', person: 'Ulrike Fährmann', position: 'Geschäftsführende Gesellschafterin', interests: ['energieeffizienz', 'digitalisierung-automatisierung', 'unternehmensfuehrung'] },
	{ name: 'Wartburgblick Messtechnik GmbH', industry: ['26.51', 'Herstellung von Mess-, Kontroll-, Navigations- u. ä. Instrumenten und Vorrichtungen'], town: 'Eisenach', postcode: '99817', lat: 50.975, lon: 10.32, size: '50-249', person: 'Dr. Matthias Lenk', position: 'Geschäftsführer', interests: ['geschaeftsmodellentwicklung', 'digitalisierung-automatisierung', 'kundenbindung'] },
	{ name: 'Hainich Holzbau GmbH & Co. KG', industry: ['16.23', 'Herstellung von sonstigen Konstruktionsteilen, Fertigbauteilen, Ausbauelementen und Fertigteilbauten aus Holz'], town: 'Mühlhausen', postcode: '99974', lat: 51.208, lon: 10.454, size: '10-49', person: 'Sven Rockstroh', position: 'Inhaber', interests: ['mitarbeitergewinnung', 'energieeffizienz', 'unternehmensfuehrung'] },
	{ name: 'Orlagau Glasveredelung GmbH', industry: ['23.19', 'Herstellung, Veredlung und Bearbeitung von sonstigem Glas einschließlich technischer Glaswaren'], town: 'Pößneck', postcode: '07381', lat: 50.693, lon: 11.593, size: '50-249', person: 'Annett Kühnel', position: 'Geschäftsführerin', interests: ['energieeffizienz', 'kundenbindung', 'geschaeftsmodellentwicklung'] },
	{ name: 'Kyffhäuser Elektroanlagen GmbH', industry: ['43.21', 'Elektroinstallation'], town: 'Nordhausen', postcode: '99734', lat: 51.505, lon: 10.791, size: '10-49', person: 'Marco Beyer', position: 'Geschäftsführer', interests: ['mitarbeitergewinnung', 'unternehmensfuehrung', 'digitalisierung-automatisierung'] },
	{ name: 'Rennsteig Werkzeugmaschinen GmbH', industry: ['28.41', 'Herstellung von Werkzeugmaschinen für die Metallbearbeitung'], town: 'Suhl', postcode: '98527', lat: 50.609, lon: 10.693, size: '50-249', person: 'Thomas Heinemann', position: 'Geschäftsführer', interests: ['digitalisierung-automatisierung', 'geschaeftsmodellentwicklung', 'mitarbeitergewinnung'] },
	{ name: 'Pleißenland Logistik GmbH', industry: ['49.41', 'Güterbeförderung im Straßenverkehr'], town: 'Altenburg', postcode: '04600', lat: 50.985, lon: 12.433, size: '50-249', person: 'Sandra Loose', position: 'Geschäftsführerin', interests: ['energieeffizienz', 'mitarbeitergewinnung', 'kundenbindung'] },
	{ name: 'Elstertal Steuerberatung Partnerschaft', industry: ['69.20', 'Wirtschaftsprüfung und Steuerberatung'], town: 'Gera', postcode: '07545', lat: 50.881, lon: 12.083, size: '10-49', person: 'Frank Oehler', position: 'Partner', interests: ['unternehmensfuehrung', 'kundenbindung', 'digitalisierung-automatisierung'] },
	{ name: 'Schwarzatal Medizintechnik GmbH', industry: ['32.50', 'Herstellung von medizinischen und zahnmedizinischen Apparaten und Materialien'], town: 'Saalfeld', postcode: '07318', lat: 50.648, lon: 11.365, size: '50-249', person: 'Dr. Carolin Brand', position: 'Geschäftsführerin', interests: ['geschaeftsmodellentwicklung', 'unternehmensfuehrung', 'mitarbeitergewinnung'] },
	{ name: 'Thüringer Hebetechnik Zella GmbH', industry: ['28.22', 'Herstellung von Hebezeugen und Fördermitteln'], town: 'Schmalkalden', postcode: '98574', lat: 50.721, lon: 10.444, size: '50-249', person: 'Ralf Dittrich', position: 'Geschäftsführer', interests: ['kundenbindung', 'digitalisierung-automatisierung', 'energieeffizienz'] },
	{ name: 'Ettersberg Backmanufaktur GmbH', industry: ['10.71', 'Herstellung von Backwaren (ohne Dauerbackwaren)'], town: 'Weimar', postcode: '99423', lat: 50.979, lon: 11.329, size: '50-249', person: 'Juliane Sommer', position: 'Inhaberin', interests: ['energieeffizienz', 'mitarbeitergewinnung', 'kundenbindung'] },
	{ name: 'Unstrut Ingenieurpartner GmbH', industry: ['71.12', 'Ingenieurbüros für bautechnische Fachplanung und Ingenieurdienstleistungen'], town: 'Sömmerda', postcode: '99610', lat: 51.16, lon: 11.117, size: '10-49', person: 'Peter Zöllner', position: 'Geschäftsführer', interests: ['unternehmensfuehrung', 'geschaeftsmodellentwicklung', 'digitalisierung-automatisierung'] },
	{ name: 'Hörselberg Metallbau GmbH', industry: ['25.11', 'Herstellung von Metallkonstruktionen'], town: 'Gotha', postcode: '99867', lat: 50.949, lon: 10.701, size: '10-49', person: 'Andreas Kummer', position: 'Inhaber', interests: ['mitarbeitergewinnung', 'energieeffizienz', 'unternehmensfuehrung'] },
	{ name: 'Optik Leuchtenburg GmbH', industry: ['26.70', 'Herstellung von optischen und fotografischen Instrumenten und Geräten'], town: 'Jena', postcode: '07743', lat: 50.927, lon: 11.589, size: '50-249', person: 'Dr. Henrike Albrecht', position: 'Geschäftsführerin', interests: ['digitalisierung-automatisierung', 'kundenbindung', 'geschaeftsmodellentwicklung'] },
	{ name: 'Vogtlandring Schaltanlagenbau GmbH', industry: ['27.12', 'Herstellung von Elektrizitätsverteilungs- und -schalteinrichtungen'], town: 'Greiz', postcode: '07973', lat: 50.656, lon: 12.2, size: '50-249', person: 'Steffen Marquardt', position: 'Geschäftsführer', interests: ['energieeffizienz', 'digitalisierung-automatisierung', 'mitarbeitergewinnung'] },
	{ name: 'Werra Fahrzeugkomponenten GmbH', industry: ['29.32', 'Herstellung von sonstigen Teilen und sonstigem Zubehör für Kraftwagen'], town: 'Bad Salzungen', postcode: '36433', lat: 50.811, lon: 10.233, size: '250+', person: 'Michael Gräf', position: 'Geschäftsführer', interests: ['geschaeftsmodellentwicklung', 'energieeffizienz', 'unternehmensfuehrung'] },
	{ name: 'Eichsfelder Wartungsdienst GmbH', industry: ['33.12', 'Reparatur von Maschinen'], town: 'Heilbad Heiligenstadt', postcode: '37308', lat: 51.377, lon: 10.138, size: '10-49', person: 'Christian Hartung', position: 'Geschäftsführer', interests: ['kundenbindung', 'mitarbeitergewinnung', 'geschaeftsmodellentwicklung'] },
	{ name: 'Holzland Keramikwerk GmbH', industry: ['23.44', 'Herstellung von keramischen Erzeugnissen für sonstige technische Zwecke'], town: 'Hermsdorf', postcode: '07629', lat: 50.898, lon: 11.856, size: '50-249', person: 'Birgit Scholz', position: 'Geschäftsführerin', interests: ['energieeffizienz', 'unternehmensfuehrung', 'digitalisierung-automatisierung'] },
	{ name: 'Grabfeld Beratungskontor', industry: ['70.22', 'Unternehmensberatung'], town: 'Meiningen', postcode: '98617', lat: 50.568, lon: 10.416, size: '1-9', person: 'Nadine Wendt', position: 'Inhaberin', interests: ['unternehmensfuehrung', 'geschaeftsmodellentwicklung', 'kundenbindung'] },
	{ name: 'Spielzeugland Formenbau GmbH', industry: ['25.73', 'Herstellung von Werkzeugen'], town: 'Sonneberg', postcode: '96515', lat: 50.359, lon: 11.174, size: '10-49', person: 'Jens Engelhardt', position: 'Geschäftsführer', interests: ['digitalisierung-automatisierung', 'mitarbeitergewinnung', 'kundenbindung'] },
	{ name: 'Apoldaer Textilveredlung GmbH', industry: ['13.30', 'Veredlung von Textilien und Bekleidung'], town: 'Apolda', postcode: '99510', lat: 51.026, lon: 11.514, size: '10-49', person: 'Kerstin Böttcher', position: 'Geschäftsführerin', interests: ['energieeffizienz', 'geschaeftsmodellentwicklung', 'mitarbeitergewinnung'] },
	{ name: 'Domblick Solarprojekte GmbH', industry: ['35.11', 'Elektrizitätserzeugung'], town: 'Erfurt', postcode: '99084', lat: 50.978, lon: 11.029, size: '10-49', person: 'Lukas Seidel', position: 'Gründer und Geschäftsführer', interests: ['geschaeftsmodellentwicklung', 'energieeffizienz', 'kundenbindung'] },
];

const DAY = 24 * 60 * 60 * 1000;

/** Pending applications, so a newcomer sees the whole flow in the office; the last one a bot's, set aside. */
export const DEMO_APPLICATIONS = [
	{ id: 'antrag2222222222', daysAgo: 2, companyName: 'Ohrdrufer Blechtechnik GmbH', industry: ['25.50', 'Herstellung von Schmiede-, Press-, Zieh- und Stanzteilen, gewalzten Ringen und pulvermetallurgischen Erzeugnissen'], street: 'Gewerbering 4', postcode: '99885', town: 'Ohrdruf', lat: 50.8275, lon: 10.7337, outside: false, size: '10-49', contact: ['Mareike Hentschel', 'Geschäftsführerin', 'bewerbung1@example.org'], interests: ['digitalisierung-automatisierung', 'energieeffizienz'], motivation: 'Wir automatisieren gerade unsere Stanzerei und suchen Austausch mit Betrieben, die das schon hinter sich haben.' },
	{ id: 'antrag3333333333', daysAgo: 5, companyName: 'Schleizer Personalpartner GmbH', industry: ['78.10', 'Vermittlung von Arbeitskräften'], street: 'Neumarkt 12', postcode: '07907', town: 'Schleiz', lat: 50.5782, lon: 11.8101, outside: false, size: '1-9', contact: ['Daniel Kirsten', 'Inhaber', 'bewerbung2@example.org'], interests: ['mitarbeitergewinnung', 'unternehmensfuehrung', 'kundenbindung'], motivation: 'Wir möchten verstehen, wie Industriebetriebe in der Region Fachkräfte halten.' },
	{ id: 'antrag4444444444', daysAgo: 20, companyName: 'Coburger Antriebssysteme KG', industry: ['28.15', 'Herstellung von Lagern, Getrieben, Zahnrädern und Antriebselementen'], street: 'Industriestraße 8', postcode: '96450', town: 'Coburg', lat: null, lon: null, outside: true, size: '50-249', contact: ['Stefan Ullrich', 'Geschäftsführer', 'bewerbung3@example.org'], interests: ['geschaeftsmodellentwicklung', 'digitalisierung-automatisierung'], motivation: 'Viele unserer Kunden sitzen in Südthüringen; wir suchen den Austausch über die Landesgrenze.' },
	{ id: 'antrag5555555555', daysAgo: 1, status: 'suspected', companyName: 'Seitenstern Suchmaschinenwerbung GmbH', industry: ['73.11', 'Werbeagenturen'], street: 'Hauptstraße 1', postcode: '07545', town: 'Gera', lat: 50.8806, lon: 12.0804, outside: false, size: '1-9', contact: ['Kevin Sommer', 'Vertrieb', 'angebot@example.net'], interests: ['kundenbindung'], motivation: 'Sehr geehrte Damen und Herren, wir bringen Ihre Website auf Seite 1 bei Google. Jetzt unverbindlich anfragen!' },
] as const;

export interface DemoSeedResult {
	coordinatorEmail: string;
	memberEmails: string[];
}

/** The legal form a demo company's name ends in, as the application form lists it ("… Partnerschaft" is a Partnerschaftsgesellschaft). */
function legalFormFromName(name: string): string | null {
	const ending = /(GmbH & Co\. KG|GmbH|Partnerschaft)$/.exec(name)?.[1] ?? null;
	return ending === 'Partnerschaft' ? 'Partnerschaftsgesellschaft' : ending;
}

/** Fills an empty database. `passwordHash` is the argon2id hash of DEMO_PASSWORD. */
export async function seedDemo(db: Db, passwordHash: string, now: Date = new Date()): Promise<DemoSeedResult | null> {
	const existing = await db.select({ n: count() }).from(user).get();
	if ((existing?.n ?? 0) > 0) return null;

	const memberEmails: string[] = [];
	await db.transaction(async (tx) => {
		await tx.insert(user).values({
			id: 'demokoordination',
			name: 'Dana Demo',
			position: 'Koordinierungsstelle',
			email: DEMO_COORDINATOR_EMAIL,
			role: 'coordinator',
			passwordHash,
			createdAt: now,
		});
		for (const [index, company] of DEMO_COMPANIES.entries()) {
			const n = index + 1;
			const organizationId = `demoorg${String(n).padStart(9, '0')}`;
			const userId = `demouser${String(n).padStart(8, '0')}`;
			await tx.insert(organization).values({
				id: organizationId,
				name: company.name,
				legalForm: legalFormFromName(company.name),
				industryCode: company.industry[0],
				industryLabel: company.industry[1],
				street: 'Musterstraße ' + n,
				postcode: company.postcode,
				town: company.town,
				latitude: company.lat,
				longitude: company.lon,
				sizeBand: company.size,
				website: `https://example.org/demo-${n}`,
				createdAt: now,
			});
			const email = demoMemberEmail(n);
			memberEmails.push(email);
			await tx.insert(user).values({
				id: userId,
				organizationId,
				name: company.person,
				position: company.position,
				email,
				phone: `0361 000${String(n).padStart(3, '0')}`,
				role: 'member',
				passwordHash,
				createdAt: now,
			});
			await tx.insert(interest).values(
				company.interests.map((topicSlug, i) => ({ userId, topicSlug, rank: i + 1, updatedAt: now })),
			);
			// Every third company agreed on its application to be named on the website (/mitglieder/).
			if (n % 3 === 2) {
				const listing = OPT_INS.find((o) => o.key === 'listing')!;
				await tx.insert(consent).values({ userId, key: listing.key, given: true, textVersion: listing.version, via: 'application', at: now });
			}
		}
		for (const demo of DEMO_APPLICATIONS) {
			await tx.insert(application).values({
				id: demo.id,
				status: 'status' in demo ? demo.status : 'submitted',
				companyName: demo.companyName,
				legalForm: demo.companyName.endsWith('KG') ? 'KG' : 'GmbH',
				industryCode: demo.industry[0],
				industryLabel: demo.industry[1],
				street: demo.street,
				postcode: demo.postcode,
				town: demo.town,
				latitude: demo.lat,
				longitude: demo.lon,
				outsideThuringia: demo.outside,
				sizeBand: demo.size,
				contactName: demo.contact[0],
				contactPosition: demo.contact[1],
				contactEmail: demo.contact[2],
				interests: [...demo.interests],
				motivation: demo.motivation,
				submittedAt: new Date(now.getTime() - demo.daysAgo * DAY),
				idempotencyKey: `demo-${demo.id}`,
			});
		}
	});
	return { coordinatorEmail: DEMO_COORDINATOR_EMAIL, memberEmails };
}
