// Run: dotnet run --project samples/FirstSend (with 360dialog:ApiKey, 360dialog:Senders and
// 360dialog:Webhook:AppSecret set, e.g. as environment variables 360dialog__ApiKey=...).
await FirstSend.FirstSendApp.Build(args).RunAsync();
