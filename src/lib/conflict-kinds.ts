/** Why two companies should not sit in one group: the kinds of entry in the office's conflict register. */
export const CONFLICT_KINDS = {
	competitor: 'Wettbewerber',
	customer_supplier: 'Wichtiger Kunde oder Lieferant',
	corporate_group: 'Gleiche Unternehmensgruppe',
	other: 'Anderer Grund',
} as const;
export type ConflictKind = keyof typeof CONFLICT_KINDS;
