// Opens the gateway's Swagger UI (/docs) in a headless Chromium, as a developer would, and
// checks that it lists the API's operations and that "Try it out" on register succeeds.
// Usage: node tests/e2e/docs_page.mjs http://127.0.0.1:PORT [chromium-binary]
// Prints one line per check; exits 0 when all pass, 1 otherwise.
import { chromium } from 'playwright-core';

const base = process.argv[2];
const browserPath = process.argv[3] || '/usr/bin/chromium-headless-shell';
if (!base) {
    console.error('usage: node docs_page.mjs http://127.0.0.1:PORT [chromium-binary]');
    process.exit(2);
}

let failures = 0;
function check(ok, what) {
    console.log(`${ok ? 'PASS' : 'FAIL'}: ${what}`);
    if (!ok) failures++;
}

const browser = await chromium.launch({ executablePath: browserPath });
try {
    const page = await browser.newPage();
    const external = [];
    page.on('request', (request) => {
        if (!request.url().startsWith(base)) external.push(request.url());
    });
    const pageErrors = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));

    await page.goto(`${base}/docs`, { waitUntil: 'load' });
    await page.waitForSelector('.opblock', { timeout: 20000 });
    const operations = await page.locator('.opblock').count();
    check(operations >= 30, `the page lists the operations (${operations})`);
    const title = await page.locator('.info .title').first().innerText();
    check(title.includes('devcoll'), `the title names devcoll ("${title.split('\n')[0]}")`);

    // Try it out: register a user from the page.
    const register = page.locator('.opblock-post', { has: page.locator('[data-path="/api/v1/auth/register"]') });
    await register.locator('.opblock-summary').first().click();
    await register.locator('button.try-out__btn').click();
    const username = `docs_${Date.now().toString(36)}`;
    const body = JSON.stringify({
        username,
        email: `${username}@example.org`,
        password: 'password-123',
        displayName: 'From the docs',
        deviceName: 'Swagger UI',
    });
    await register.locator('textarea.body-param__text').fill(body);
    await register.locator('button.execute').click();
    const status = register.locator('.live-responses-table tr.response td.response-col_status').first();
    await status.waitFor({ timeout: 20000 });
    const code = (await status.innerText()).trim();
    check(code === '200', `"Try it out" on register answers 200 (got ${code})`);
    const answer = await register.locator('.live-responses-table tr.response td.response-col_description pre').first().innerText();
    check(answer.includes('"accessToken"') && answer.includes(username), 'the answer holds the new user and a token');

    check(external.length === 0, `nothing is loaded from elsewhere (${external.slice(0, 3).join(', ')})`);
    check(pageErrors.length === 0, `no script errors (${pageErrors.slice(0, 3).join('; ')})`);
} catch (error) {
    check(false, `the page works: ${error.message}`);
} finally {
    await browser.close();
}
process.exit(failures === 0 ? 0 : 1);
