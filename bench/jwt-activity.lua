-- As ../shared/peers/unique-activity.lua (one message activity per request, each with its own id, replies to the
-- sink), for the JWT-validating bench app (`OnboardingBot.Bench --serve`): its tenant, and the Bot Connector token it
-- wrote to TOKEN_FILE in every request's Authorization header.
local counter = 0
local text = os.getenv("TEXT") or "help"
local sink = os.getenv("SINK") or "http://127.0.0.1:3990/"
local f = assert(io.open(os.getenv("TOKEN_FILE"), "r"))
local authorization = f:read("*a")
f:close()
function request()
  counter = counter + 1
  local id = string.format("w%d-%d", math.random(1, 1000000000), counter)
  local body = '{"type":"message","id":"' .. id .. '","timestamp":"2026-12-02T12:00:00Z","serviceUrl":"' .. sink ..
    '","channelId":"msteams","from":{"id":"29:alex","name":"Alex","aadObjectId":"11111111-1111-1111-1111-111111111111"},' ..
    '"recipient":{"id":"28:sandbox-bot","name":"Bot"},"conversation":{"id":"a:alex","conversationType":"personal","tenantId":"bench-tenant"},' ..
    '"channelData":{"tenant":{"id":"bench-tenant"}},"text":"' .. text .. '"}'
  return wrk.format("POST", nil, {["Content-Type"] = "application/json", ["Authorization"] = authorization}, body)
end
function setup(thread) math.randomseed(os.time()) end
