// mwn against wikid: the steps a typical bot takes.
const { Mwn } = require('./node_modules/mwn');

let failures = 0;
function check(cond, what) {
	console.log((cond ? 'ok - ' : 'not ok - ') + what);
	if (!cond) failures++;
}

async function main() {
	const url = process.env.WIKID_URL;
	// 1. Bot password login; create, edit, read back.
	const bot = await Mwn.init({
		apiUrl: url,
		username: 'Admin@mwntest',
		password: process.env.BOTPASS,
		userAgent: 'wikid-client-test (mwn)',
		defaultParams: { assert: 'user' },
	});
	check(bot.loggedIn !== false, 'bot password login');
	await bot.create('Mwn test page', 'First version.', 'create');
	let text = (await bot.read('Mwn test page')).revisions[0].content;
	check(text === 'First version.', 'text read back');
	await bot.save('Mwn test page', 'Second version.', 'edit');
	text = (await bot.read('Mwn test page')).revisions[0].content;
	check(text === 'Second version.', 'edit read back');
	for (let i = 0; i < 7; i++)
		await bot.save('Mwn batch ' + i, 'batch page ' + i, 'batch');

	// 2. Recent changes with continuation, 2 rows per request.
	const titles = [];
	for await (const resp of bot.continuedQueryGen({
		action: 'query', list: 'recentchanges', rclimit: 2, rcprop: 'title|ids',
	})) {
		for (const rc of resp.query.recentchanges) titles.push(rc.title);
	}
	check(titles.length >= 9, 'recentchanges paged through ' + titles.length + ' rows');
	check(titles.includes('Mwn test page'), 'recentchanges lists the test page');

	// 3. Normal login, CSRF token.
	const user = new Mwn({ apiUrl: url, username: 'Admin', password: process.env.ADMIN_PASSWORD,
		userAgent: 'wikid-client-test (mwn)' });
	await user.login();
	const token = await user.getCsrfToken();
	check(typeof token === 'string' && token.endsWith('+\\') && token.length > 2, 'csrf token');

	// 4. Edit conflict: a second user saves with a stale basetimestamp.
	const anon = new Mwn({ apiUrl: url, userAgent: 'wikid-client-test (mwn)' });
	const ct = await anon.request({ action: 'query', meta: 'tokens', type: 'createaccount' });
	const created = await anon.request({ action: 'createaccount', username: 'Mwn editor two',
		password: 'mwn-editor-two-9', retype: 'mwn-editor-two-9',
		createreturnurl: 'http://127.0.0.1/', createtoken: ct.query.tokens.createaccounttoken });
	check(created.createaccount.status === 'PASS', 'createaccount for a second user');
	const other = new Mwn({ apiUrl: url, username: 'Mwn editor two', password: 'mwn-editor-two-9',
		userAgent: 'wikid-client-test (mwn)' });
	await other.login();
	const otherToken = await other.getCsrfToken();
	await bot.save('Mwn conflict', 'base text', 'base');
	const base = (await bot.read('Mwn conflict')).revisions[0].timestamp;
	await new Promise((r) => setTimeout(r, 1100));
	await bot.save('Mwn conflict', 'first change', 'one');
	try {
		await other.request({ action: 'edit', title: 'Mwn conflict', text: 'second change',
			basetimestamp: base, token: otherToken, formatversion: 2 });
		check(false, 'edit conflict detected');
	} catch (e) {
		check(e.code === 'editconflict', 'edit conflict detected (' + e.code + ')');
	}
}

main().then(() => {
	console.log('mwn: ' + failures + ' failed');
	process.exit(failures ? 1 : 0);
}, (e) => {
	console.log('not ok - exception: ' + (e && e.stack || e));
	process.exit(1);
});
