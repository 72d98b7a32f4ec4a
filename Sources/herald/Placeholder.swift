@main struct Herald { static func main() {} }
