#!/usr/bin/env node
/**
 * npm start / npm run stop — runs with nothing but Node and this project's node_modules (no global tools, no sudo).
 *
 *   Windows, macOS: `office-addin-debugging start manifest.xml desktop --app excel` — starts the dev server
 *                   (`npm run dev-server`) and sideloads the add-in into desktop Excel. `npm run stop` undoes it.
 *   Linux (and any other platform, where office-addin-debugging cannot sideload): starts the webpack dev server in
 *                   this process and prints, in Chinese and English, how to load the add-in into Excel on the web
 *                   and where the sandbox page is. Ctrl+C stops it.
 *
 * Usage: node scripts/start.js [start|stop]
 */
"use strict";

const path = require("node:path");
const { spawn } = require("node:child_process");

const ROOT = path.resolve(__dirname, "..");
const MANIFEST = path.join(ROOT, "manifest.xml");
const SIDELOAD_PLATFORMS = new Set(["win32", "darwin"]);

function runOfficeAddinDebugging(command) {
  const cli = require.resolve("office-addin-debugging/cli.js", { paths: [ROOT] });
  const { DEV_PORT } = require(path.join(ROOT, "webpack.config.js"));
  const args = [cli, command, MANIFEST, "desktop"];
  if (command === "start") {
    args.push(
      "--app",
      "excel",
      "--dev-server",
      "npm run dev-server",
      "--dev-server-port",
      String(DEV_PORT)
    );
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  child.on("exit", (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
}

function instructions(protocol, tlsReason, port) {
  const base = `${protocol}://localhost:${port}`;
  const lines = [
    "",
    "============================================================================",
    " 政务公开年报助手 · Nianbao — 开发服务器已启动 / dev server is running",
    "============================================================================",
    ` 任务窗格 Task pane : ${base}/taskpane.html`,
    ` 加载项清单 Manifest: ${MANIFEST}`,
    ` 沙盒页面 Sandbox   : ${base}/sandbox.html`,
    "   （在任何浏览器中试用加载项：任务窗格与内存中的工作簿，无需 Excel）",
    "   (try the add-in in any browser: the task pane beside an in-memory workbook, no Excel needed)",
    "",
    " 在 Excel 网页版中加载 / Load it into Excel on the web:",
    "   1. 在浏览器中打开 Excel 网页版的任一工作簿。",
    "      Open any workbook in Excel on the web.",
    "   2. 插入 › 加载项 › 上传我的加载项 › 选择上面的 manifest.xml。",
    "      Insert › Add-ins › Upload My Add-in › choose the manifest.xml above.",
    "      （较新的界面中“加载项”按钮位于“开始”选项卡 / newer ribbons: Home › Add-ins）",
    "   3. 出现“政务公开年报”选项卡即加载成功；可在单元格中输入 =NIANBAO.BALANCE(…)。",
    "      The “政务公开年报” (Annual Report) tab appears; cells can use =NIANBAO.BALANCE(…).",
    "",
    " 注意 Note: Excel 网页版只加载 https 的加载项（清单中的地址是 https://localhost:" +
      port +
      "/）。",
    "            Excel on the web only loads add-ins served over https (the manifest points at https://localhost:" +
      port +
      "/).",
  ];
  if (protocol === "http") {
    lines.push(
      "   本服务器现在使用 http，Excel 网页版无法加载它（沙盒页面不受影响）。",
      `   This server is on http (${tlsReason}), so Excel on the web cannot load it (the sandbox is unaffected).`,
      "   需要 https 时 / For https without root:",
      "     NIANBAO_DEV_HTTPS=self-signed npm start",
      `   然后先在同一浏览器中打开 https://localhost:${port}/taskpane.html 并接受证书警告。`,
      `   then open https://localhost:${port}/taskpane.html once in the same browser and accept the certificate warning.`
    );
  } else if (/self-signed/.test(tlsReason)) {
    lines.push(
      `   证书是自签名的：请先在同一浏览器中打开 ${base}/taskpane.html 并接受证书警告，再上传清单。`,
      `   The certificate is self-signed: open ${base}/taskpane.html in the same browser and accept the warning first.`
    );
  }
  lines.push("", " 按 Ctrl+C 停止 / Press Ctrl+C to stop.", "");
  return lines.join("\n");
}

async function serveAndExplain() {
  const webpack = require("webpack");
  const WebpackDevServer = require("webpack-dev-server");
  const makeConfig = require(path.join(ROOT, "webpack.config.js"));

  const config = await makeConfig({ WEBPACK_SERVE: true }, { mode: "development" });
  const { devServer, ...webpackConfig } = config;
  const protocol = devServer.server.type === "https" ? "https" : "http";
  const { reason } = await makeConfig.devServerTls();

  // Keep the console for the instructions: webpack prints only errors and warnings.
  const compiler = webpack({ ...webpackConfig, stats: "errors-warnings" });
  let explained = false;
  compiler.hooks.done.tap("nianbao-start", (stats) => {
    if (stats.hasErrors()) {
      console.error(
        "\n构建失败 / Build failed:\n" + stats.toString({ all: false, errors: true, colors: false })
      );
      return;
    }
    if (!explained) {
      explained = true;
      console.log(instructions(protocol, reason, devServer.port));
    } else {
      console.log(`[nianbao] 已重新构建 / rebuilt (${new Date().toLocaleTimeString()})`);
    }
  });

  const server = new WebpackDevServer(devServer, compiler);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);

  try {
    await server.start();
  } catch (error) {
    if (error && error.code === "EADDRINUSE") {
      console.error(
        `端口 ${devServer.port} 已被占用：可能已有开发服务器在运行。\n` +
          `Port ${devServer.port} is already in use: a dev server may already be running.`
      );
    } else {
      console.error("开发服务器启动失败 / The dev server failed to start:", error);
    }
    process.exit(1);
  }
}

const command = process.argv[2] || "start";
if (command !== "start" && command !== "stop") {
  console.error("Usage: node scripts/start.js [start|stop]");
  process.exit(2);
}

if (SIDELOAD_PLATFORMS.has(process.platform)) {
  runOfficeAddinDebugging(command);
} else if (command === "stop") {
  console.log("Linux：没有需要撤销的旁加载；在运行 npm start 的终端按 Ctrl+C 即可停止服务器。");
  console.log(
    "Linux: nothing was sideloaded; press Ctrl+C in the terminal running npm start to stop the server."
  );
} else {
  serveAndExplain().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
