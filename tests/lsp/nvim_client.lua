-- Headless Neovim as an LSP client of `titanlint lsp` (tests/lsp_test.cpp, LspNeovim): attaches
-- the server to the current buffer the way docs/editor.md shows, waits for the diagnostics and
-- writes one line per diagnostic ("LINE CODE SEVERITY", 1-based line) to $TITANLINT_LSP_OUT.
-- Neovim 0.7 (Debian 12) has vim.lsp.start_client + vim.lsp.buf_attach_client; 0.8 and later
-- also have vim.lsp.start, which does both.
local out = os.getenv('TITANLINT_LSP_OUT')
local buffer = vim.api.nvim_get_current_buf()

local client_id = vim.lsp.start_client({
  name = 'titanlint',
  cmd = { os.getenv('TITANLINT') or 'titanlint', 'lsp' },
  root_dir = vim.fn.getcwd(),
})
if not client_id then
  vim.cmd('cquit 3')
end
vim.lsp.buf_attach_client(buffer, client_id)

local ok = vim.wait(30000, function()
  return #vim.diagnostic.get(buffer) > 0
end, 20)

local lines = {}
for _, d in ipairs(vim.diagnostic.get(buffer)) do
  local code = d.code
  if code == nil and d.user_data and d.user_data.lsp then
    code = d.user_data.lsp.code
  end
  table.insert(lines, string.format('%d %s %d', d.lnum + 1, tostring(code), d.severity))
end
if ok then
  vim.fn.writefile(lines, out)
end

vim.lsp.stop_client(client_id)
vim.wait(2000, function()
  return vim.lsp.client_is_stopped(client_id)
end, 20)
vim.cmd(ok and 'qall!' or 'cquit 2')
