module github.com/tbgo/thingsboard

go 1.25
