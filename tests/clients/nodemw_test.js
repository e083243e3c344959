// nodemw against wikid: edits, reads, lists, move, delete and site data
// through nodemw's own calls, each checked for what it hands its caller.
const Bot = require('./nodemw/node_modules/nodemw');

let failures = 0;
function check(cond, what) {
	console.log((cond ? 'ok - ' : 'not ok - ') + what);
	if (!cond) failures++;
}

const url = new URL(process.env.WIKID_URL);
const bot = new Bot({
	protocol: 'http', server: url.hostname, port: url.port, path: url.pathname.replace(/\/api\.php$/, ''),
	username: 'Admin', password: process.env.ADMIN_PASSWORD, debug: false, userAgent: 'wikid-client-test (nodemw)',
});

// A nodemw call as a promise of [error message or null, data].
function call(fn, ...args) {
	return new Promise((resolve) => {
		bot[fn](...args, (err, data) => resolve([err ? String(err.message || err) : null, data]));
	});
}

async function ok(fn, ...args) {
	const [err, data] = await call(fn, ...args);
	if (err)
		console.log('# ' + fn + ': ' + err);
	return err ? undefined : data;
}

const titles = (list) => (list || []).map((p) => p.title).sort();

async function main() {
	const login = await ok('logIn');
	check(login && login.result === 'Success' && login.lgusername === 'Admin', 'logIn');

	const text = 'Hello [[Nodemw other]] {{Nodemw tpl}} [[Category:Nodemw cat]] http://example.org/nodemw';
	let r = await ok('edit', 'Nodemw page', text, 'first', false);
	check(r && r.result === 'Success' && r.new === '', 'edit creates a page (formatversion 1: new is "")');
	r = await ok('edit', 'Template:Nodemw tpl', 'from the template', 'tpl', false);
	check(r && r.result === 'Success', 'edit creates a template');
	await ok('append', 'Nodemw page', '\nappended', 'app');
	await ok('prepend', 'Nodemw page', 'prepended\n', 'pre');
	const article = await ok('getArticle', 'Nodemw page', false);
	check(article === 'prepended\n' + text + '\nappended', 'getArticle after append and prepend');
	const revs = await ok('getArticleRevisions', 'Nodemw page');
	check(revs && revs.map((x) => x.comment).join(',') === 'first,app,pre', 'getArticleRevisions, oldest first');
	check(JSON.stringify(await ok('getArticleCategories', 'Nodemw page')) === '["Category:Nodemw cat"]',
		'getArticleCategories');
	const info = await ok('getArticleInfo', 'Nodemw page', {});
	check(info && info[0].title === 'Nodemw page' && info[0].lastrevid === revs[2].revid, 'getArticleInfo');

	check(JSON.stringify(titles(await ok('getPagesInCategory', 'Nodemw cat'))) === '["Nodemw page"]',
		'getPagesInCategory');
	check(titles(await ok('getPagesInNamespace', 10)).includes('Template:Nodemw tpl'), 'getPagesInNamespace');
	check(JSON.stringify(titles(await ok('getPagesByPrefix', 'Nodemw'))) === '["Nodemw page"]', 'getPagesByPrefix');
	check(JSON.stringify(titles(await ok('getPagesTranscluding', 'Template:Nodemw tpl'))) === '["Nodemw page"]',
		'getPagesTranscluding');
	check(JSON.stringify(titles(await ok('getBacklinks', 'Nodemw other'))) === '["Nodemw page"]', 'getBacklinks');
	const ext = await ok('getExternalLinks', 'Nodemw page');
	check(ext && ext.length === 1 && ext[0]['*'] === 'http://example.org/nodemw', 'getExternalLinks');
	check(titles(await ok('getAllPages')).includes('Nodemw page'), 'getAllPages');
	// Without srwhat, MediaWiki's database search looks at titles.
	check(JSON.stringify(titles(await ok('search', 'Nodemw'))) === '["Nodemw page"]', 'search');
	const purged = await ok('purge', ['Nodemw page']);
	check(purged && purged[0].purged === '', 'purge');
	const contribs = await ok('getUserContribs', { user: 'Admin' });
	check(contribs && titles(contribs).includes('Template:Nodemw tpl'), 'getUserContribs');
	const me = await ok('whoami');
	check(me && me.name === 'Admin' && me.groups.includes('sysop'), 'whoami');
	const who = await ok('whoare', ['Admin']);
	check(who && who[0].name === 'Admin' && who[0].groups.includes('sysop'), 'whoare');

	// nodemw asks for generatexml and hands back the parse tree.
	const tree = await ok('expandTemplates', '{{Nodemw tpl}}', 'X');
	check(tree === '<root><template><title>Nodemw tpl</title></template></root>', 'expandTemplates');
	const html = await ok('parse', "''hi''", 'X');
	check(typeof html === 'string' && html.includes('<i>hi</i>'), 'parse');
	const site = await ok('getSiteInfo', ['general', 'namespaces']);
	check(site && site.general && site.namespaces['10']['*'] === 'Template', 'getSiteInfo');
	const stats = await ok('getSiteStats');
	check(stats && stats.edits >= 4, 'getSiteStats');
	check(/^1\.\d+/.test(await ok('getMediaWikiVersion')), 'getMediaWikiVersion');
	const rc = await ok('getRecentChanges', '2000-01-01T00:00:00Z');
	check(Array.isArray(rc), 'getRecentChanges');
	const uncat = await ok('getQueryPage', 'Uncategorizedpages');
	check(Array.isArray(uncat) && !titles(uncat).includes('Nodemw page'), 'getQueryPage');

	r = await ok('move', 'Nodemw page', 'Nodemw moved', 'mv');
	check(r && r.from === 'Nodemw page' && r.to === 'Nodemw moved', 'move');
	const log = await ok('getLog', 'move', '2000-01-01T00:00:00Z');
	check(Array.isArray(log), 'getLog');
	r = await ok('delete', 'Nodemw moved', 'bye');
	check(r && r.title === 'Nodemw moved' && r.logid > 0, 'delete');
	const [err] = await call('getArticle', 'Nodemw moved', false);
	check(err === null && (await ok('getArticle', 'Nodemw moved', false)) === undefined, 'a deleted page reads as missing');
	process.exit(failures ? 1 : 0);
}

main().catch((e) => {
	console.log('not ok - ' + (e.stack || e));
	process.exit(1);
});
