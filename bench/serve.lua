-- wrk script for bench/serve.sh: cycles through the event queries the UI makes
-- (filters, orders, pages, evidence), one path per request.
local paths = {
  "/api/events?limit=50",
  "/api/events?limit=50&evidence=true",
  "/api/events?actor=USA&limit=50",
  "/api/events?actor=IRN&limit=20&evidence=true",
  "/api/events?quad=4&order=day&limit=50",
  "/api/events?quad=1&limit=50",
  "/api/events?root=19&limit=50",
  "/api/events?country=RUS&from=2019-01-01&to=2020-12-31&limit=50",
  "/api/events?source=USA&target=CHN&limit=50",
  "/api/events?order=day&offset=100&limit=50",
  "/api/events?code=04&order=id&limit=25",
  "/api/events?actor=GBR&quad=3&limit=50",
}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
