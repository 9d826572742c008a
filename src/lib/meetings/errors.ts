/** Input the meetings engine cannot work with; the message is German and may be shown as is. */
export class MeetingInputError extends Error {
	override name = 'MeetingInputError';
}
