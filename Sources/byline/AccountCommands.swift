import ArgumentParser
import BylineAccounts
import BylineCore
import BylineNewsroom
import Foundation

extension Role: ExpressibleByArgument {}

/// `byline user ...`: newsroom accounts.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage newsroom accounts.", subcommands: [UserAddCommand.self])
}

/// `byline user add`: adds an account; the password comes from standard input, never from a flag
/// (flags end up in shell history and in `ps`).
struct UserAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add a user. The password is read from standard input.")

    @Option(help: "The user's e-mail, used to sign in.") var email: String
    @Option(help: "The name shown in the newsroom and, for reporters and editors, in their byline.") var name: String
    @Option(help: "reporter, editor or admin.") var role: Role
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        if isatty(STDIN_FILENO) == 1 { FileHandle.standardError.write(Data("password: ".utf8)) }
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw ValidationError("no password on standard input")
        }
        guard password.count >= PasswordPolicy.minimumLength else {
            throw ValidationError("the password is too short: at least \(PasswordPolicy.minimumLength) characters")
        }
        let services = try await CommandNewsroom(try storage.settings())
        // The web's checks and messages, and a running server's pages follow when a byline changes.
        let user: User
        do {
            user = try await services.newsroom.addAccount(email: email, name: name, role: role, password: password)
        } catch BylineError.invalidFields(let problems) {
            await services.finish()
            throw ValidationError(problems.map { "\($0.field): \($0.message)" }.joined(separator: "\n"))
        }
        await services.finish()
        // An account that writes is a byline: the reporter with its e-mail, or a new one.
        let byline = user.reporterID.map { ", byline: reporter \($0)" } ?? ""
        print("added \(user.email) as \(user.role.rawValue) (user \(user.id)\(byline))")
    }
}

/// `byline token ...`: API tokens for the Admin API.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage Admin API tokens.", subcommands: [TokenCreateCommand.self])
}

/// `byline token create`: prints a new token once, as its last line; only its hash is kept.
struct TokenCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create an API token acting as a user; it is shown once.")

    @Option(help: "The e-mail of the user the token acts as.") var user: String
    @Option(help: "A label to recognise the token by.") var name = "api"
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let services = try await CommandNewsroom(try storage.settings())
        let token: String
        let account: User
        do {
            (token, account) = try await services.newsroom.createToken(for: user, label: name)
        } catch BylineError.invalidFields {
            await services.finish()
            throw ValidationError("no user with the e-mail '\(user)'")
        }
        await services.finish()
        print("token for \(account.email) (\(account.role.rawValue)); it is not stored and will not be shown again:")
        print(token)
    }
}
