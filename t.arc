filedesc://test.arc 0.0.0.0 20240101000000 text/plain 65
1 0 test
URL IP-address Archive-date Content-type Archive-length

http://a.test/x.html 127.0.0.1 20240102030405 text/html 104
HTTP/1.1 200 OK
Content-Type: text/html; charset=utf-8

<html><body><p>Hello there.</p></body></html>
